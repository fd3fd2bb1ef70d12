"""Results files follow the CF conventions (CF-1.8).

Debian 12 packages no CF checker (cfchecker, compliance-checker and cfunits
are not in its archive), so this test checks the rules that apply to
wfsim's files itself, on every variable of every group of real files
written by the program: a run of each kind of model, and sweep files. Unit
strings are parsed by UDUNITS-2 itself (Debian's libudunits2), as CF
requires. The rules, from the CF-1.8 document:

- the root group has `Conventions` naming CF-1.x (2.6.1);
- variable, dimension and attribute names start with a letter and hold
  letters, digits and underscores (2.3);
- every numeric variable has `units` that UDUNITS parses (3.1), except
  flag variables (3.5), bounds (7.1, they take their coordinate's), and
  sweep variables whose values have each outcome's (or parameter's) own
  units, which name the string variable holding those (`units_variable`);
- every variable has a `long_name` or a `standard_name` (3.2, 3.3), and a
  `standard_name` is one of the table's (the two used: time, realization);
- floating-point data variables, which can be missing, declare
  `_FillValue` of the variable's own type (2.5.1); coordinate variables
  hold no missing values and declare none;
- the time coordinate has "<unit> since <date>" units and a CF calendar
  (4.4), `coordinates` and `bounds` name existing variables of the right
  shape (5, 7.1);
- flag variables have as many `flag_meanings` words as `flag_values`, each
  word made of the allowed characters (3.5).
"""
import ctypes
import ctypes.util
import math
import re

import h5py
import numpy as np
import pandas as pd
import pytest
import xarray as xr

import wfsim_results as wr
from conftest import MMC_CONFIG, PHOLD_CONFIG, SHOWCASE, WFSIM, run, write_config

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
FLAG_WORD = re.compile(r"^[\w.+\-@]+$", re.UNICODE)
STANDARD_NAMES = {"time", "realization"}
CALENDARS = {"standard", "gregorian", "proleptic_gregorian", "noleap", "365_day", "all_leap",
             "366_day", "360_day", "julian", "none"}
NOT_A_VARIABLE = "This is a netCDF dimension but not a netCDF variable"


class Udunits:
    """UDUNITS-2 through its C library: parses a unit string or says it
    cannot."""

    def __init__(self):
        path = ctypes.util.find_library("udunits2") or "libudunits2.so.0"
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            pytest.fail("libudunits2 is missing: scripts/install-deps installs it (test group)")
        lib.ut_read_xml.restype = ctypes.c_void_p
        lib.ut_read_xml.argtypes = [ctypes.c_char_p]
        lib.ut_set_error_message_handler.restype = ctypes.c_void_p
        lib.ut_set_error_message_handler.argtypes = [ctypes.c_void_p]
        lib.ut_parse.restype = ctypes.c_void_p
        lib.ut_parse.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.ut_free.argtypes = [ctypes.c_void_p]
        lib.ut_set_error_message_handler(ctypes.cast(lib.ut_ignore, ctypes.c_void_p))
        self.lib = lib
        self.system = lib.ut_read_xml(None)
        assert self.system, "UDUNITS-2 could not read its unit database"

    def parses(self, text):
        unit = self.lib.ut_parse(self.system, text.encode(), 0)  # 0: UT_ASCII
        if not unit:
            unit = self.lib.ut_parse(self.system, text.encode(), 2)  # 2: UT_UTF8
        if unit:
            self.lib.ut_free(unit)
        return bool(unit)


@pytest.fixture(scope="module")
def udunits():
    return Udunits()


def text(value):
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray) and value.dtype.kind in "OS":
        return [text(v) for v in value.tolist()]
    return value


def cf_problems(path, udunits):
    """Every breach of the rules above in the file at `path`, as text."""
    problems = []
    with h5py.File(path, "r") as f:
        conventions = text(f.attrs.get("Conventions", ""))
        if not str(conventions).startswith("CF-1."):
            problems.append(f"/: Conventions is {conventions!r}")

        def check(name, obj):
            where = f"/{name}"
            short = name.rsplit("/", 1)[-1]
            if not NAME.match(short):
                problems.append(f"{where}: name is not CF")
            for attribute in obj.attrs:
                if attribute not in ("CLASS", "NAME", "REFERENCE_LIST", "DIMENSION_LIST",
                                     "_Netcdf4Dimid", "_Netcdf4Coordinates") and not NAME.match(
                        attribute.lstrip("_")):
                    problems.append(f"{where}: attribute name {attribute!r} is not CF")
            if not isinstance(obj, h5py.Dataset):
                return
            attrs = {k: text(v) for k, v in obj.attrs.items()}
            if str(attrs.get("NAME", "")).startswith(NOT_A_VARIABLE):
                return  # a bare dimension
            group = obj.parent
            is_coordinate = attrs.get("CLASS") == "DIMENSION_SCALE"
            is_bounds = any(text(v.attrs.get("bounds", "")) == short
                            for v in group.values() if isinstance(v, h5py.Dataset))
            is_flag = "flag_values" in attrs
            numeric = obj.dtype.kind in "iuf"
            if "standard_name" in attrs and attrs["standard_name"] not in STANDARD_NAMES:
                problems.append(f"{where}: unknown standard_name {attrs['standard_name']!r}")
            if not is_bounds and "long_name" not in attrs and "standard_name" not in attrs:
                problems.append(f"{where}: neither long_name nor standard_name")
            if numeric and not is_flag and not is_bounds:
                if "units" in attrs:
                    if not udunits.parses(attrs["units"]):
                        problems.append(f"{where}: UDUNITS cannot parse units {attrs['units']!r}")
                elif "units_variable" in attrs:
                    holder = attrs["units_variable"]
                    if holder not in group:
                        problems.append(f"{where}: units_variable {holder!r} does not exist")
                else:
                    problems.append(f"{where}: no units")
            if is_flag:
                values = list(np.atleast_1d(attrs["flag_values"]))
                words = str(attrs.get("flag_meanings", "")).split(" ")
                if len(values) != len(words) or not all(FLAG_WORD.match(w) for w in words):
                    problems.append(f"{where}: flag_meanings {attrs.get('flag_meanings')!r} "
                                    f"do not match flag_values {values}")
                if "units" in attrs:
                    problems.append(f"{where}: a flag variable with units")
            if obj.dtype.kind == "f" and not is_coordinate and not is_bounds and short != "time":
                fill = obj.attrs.get("_FillValue")
                if fill is None:
                    problems.append(f"{where}: floating-point data without _FillValue")
                elif np.asarray(fill).dtype != obj.dtype:
                    problems.append(f"{where}: _FillValue of type {np.asarray(fill).dtype}")
            if is_coordinate and "_FillValue" in attrs:
                problems.append(f"{where}: a coordinate variable with _FillValue")
            if short == "time" or attrs.get("standard_name") == "time":
                if not re.match(r"^(days|hours|minutes|seconds) since \d{4}-\d{2}-\d{2}",
                                str(attrs.get("units", ""))):
                    problems.append(f"{where}: time units {attrs.get('units')!r}")
                if attrs.get("calendar") not in CALENDARS:
                    problems.append(f"{where}: calendar {attrs.get('calendar')!r}")
                if "_FillValue" in attrs or np.isnan(obj[()]).any():
                    problems.append(f"{where}: a time coordinate with missing values")
                bounds = attrs.get("bounds")
                if bounds is not None:
                    if bounds not in group or group[bounds].shape != obj.shape + (2,):
                        problems.append(f"{where}: bounds {bounds!r} missing or misshapen")
            for coordinate in str(attrs.get("coordinates", "")).split():
                if coordinate not in group:
                    problems.append(f"{where}: coordinate {coordinate!r} is not in its group")
                elif group[coordinate].shape[0] not in obj.shape:
                    problems.append(f"{where}: coordinate {coordinate!r} spans no axis of it")

        f.visititems(check)
    return problems


WORKFORCE_CONFIG = """\
model: workforce
seed: 5
replications: 2
start_date: 2025-01-31
parameters:
  simulation:
    months: 14
  org:
    scale: 0.1
  output:
    panel_every_months: 6
  early_warning:
    calibration_replications: 19   # the fewest for 5 %: keeps the run short
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory, showcase_run):
    """Run files of every kind of model, and sweep files."""
    directory = tmp_path_factory.mktemp("cf")
    made = {"showcase": showcase_run["path"]}
    for name, program, config in [("workforce", WFSIM, WORKFORCE_CONFIG),
                                  ("mmc", WFSIM, MMC_CONFIG), ("phold", WFSIM, PHOLD_CONFIG)]:
        path = write_config(directory, f"{name}.yaml", config)
        output = directory / f"{name}.h5"
        result = run(program, "run", path, "-o", output, "--quiet", "--threads", 2)
        assert result.returncode == 0, result.stderr
        made[name] = output
    base = write_config(directory, "mmc-base.yaml", MMC_CONFIG)
    for design in ["morris", "sobol"]:
        settings = ("  trajectories: 3\n  levels: 4\n  bootstrap: 50" if design == "morris"
                    else "  samples: 8\n  bootstrap: 50")
        sweep = write_config(directory, f"{design}.yaml", f"""\
base: {base.name}
seed: 1
replications: 2
design:
  type: {design}
{settings}
parameters:
  arrival_rate: {{min: 2.0, max: 2.6}}
  servers: {{levels: [3, 4]}}
outcomes:
  wait: {{scalar: mean_wait}}
  busy: {{series: utilisation, reduce: mean}}
""")
        output = directory / f"sweep-{design}.h5"
        result = run(WFSIM, "sweep", sweep, "-o", output, "--quiet", "--threads", 2)
        assert result.returncode == 0, result.stderr
        made[f"sweep-{design}"] = output
    return made


@pytest.mark.parametrize("kind", ["workforce", "showcase", "mmc", "phold", "sweep-morris",
                                  "sweep-sobol"])
def test_every_variable_follows_the_cf_conventions(files, kind, udunits):
    assert cf_problems(files[kind], udunits) == []


def test_the_checker_finds_breaches(tmp_path, udunits):
    """The same checker on a file with one breach of each kind."""
    path = tmp_path / "bad.h5"
    with h5py.File(path, "w") as f:
        f.attrs["Conventions"] = "COARDS"
        f["people"] = np.zeros(3)
        f["people"].attrs["units"] = "people"
        f["people"].attrs["long_name"] = "headcount"
        f["cost"] = np.zeros(3)
        f["cost"].attrs["units"] = "$k"
        f["unnamed"] = np.zeros(3)
        f["unnamed"].attrs["units"] = "1"
        f["unnamed"].attrs["_FillValue"] = np.float64("nan")
        f["flags"] = np.zeros(3, dtype=np.int64)
        f["flags"].attrs["long_name"] = "kind"
        f["flags"].attrs["flag_values"] = np.array([0, 1])
        f["flags"].attrs["flag_meanings"] = "only_one"
    problems = "\n".join(cf_problems(path, udunits))
    for expected in ["Conventions is 'COARDS'", "/people: UDUNITS cannot parse units 'people'",
                     "/cost: UDUNITS cannot parse units '$k'", "/unnamed: neither long_name",
                     "/people: floating-point data without _FillValue",
                     "/flags: flag_meanings 'only_one' do not match"]:
        assert expected in problems
    assert udunits.parses("days since 2000-01-01 00:00:00") and udunits.parses("1e6")
    assert not udunits.parses("M tokens")


def test_xarray_decodes_the_time_axis_to_calendar_dates(files):
    ds = xr.open_dataset(files["workforce"], engine="h5netcdf")
    assert ds["time"].dims == ("month",)
    assert np.issubdtype(ds["time"].dtype, np.datetime64)
    # Months from 2025-01-31: the end of shorter months stands for the 31st.
    assert list(pd.DatetimeIndex(ds["time"].values[:4]).strftime("%Y-%m-%d")) == [
        "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"]
    bounds = pd.DatetimeIndex(ds["time_bnds"].values[:, 1])
    assert list(bounds[:2].strftime("%Y-%m-%d")) == ["2025-02-28", "2025-03-31"]
    # The month index is still the dimension; the series carry the dates.
    assert list(ds["month"].values) == list(range(1, 15))
    assert "time" in ds["headcount"].coords
    assert ds.attrs["start_date"] == "2025-01-31"
    ds.close()
    # The summary groups are dated the same way.
    mean = xr.open_dataset(files["workforce"], engine="h5netcdf", group="summary/mean")
    assert np.issubdtype(mean["time"].dtype, np.datetime64)
    mean.close()


def test_series_line_up_with_dated_data(files):
    ds = wr.by_date(wr.open_run(files["workforce"]))
    hr = pd.Series([100.0, 101.0], index=pd.to_datetime(["2025-03-31", "2025-04-30"]), name="hr")
    joined = ds["headcount"].mean("replication").to_series().to_frame().join(hr, how="inner")
    assert list(joined.index.strftime("%Y-%m")) == ["2025-03", "2025-04"]
    assert float(ds["month"].sel(time="2025-03-31")) == 3


def test_models_without_calendar_periods_have_no_time_axis_but_a_dated_clock(files):
    # The M/M/c clock is in minutes: 200-minute periods from the default epoch.
    ds = xr.open_dataset(files["mmc"], engine="h5netcdf")
    times = pd.DatetimeIndex(ds["time"].values)
    assert times[0] == pd.Timestamp("2000-01-01")
    assert times[1] - times[0] == pd.Timedelta(minutes=200)
    ds.close()
    # PHOLD reports no periods at all.
    phold = xr.open_dataset(files["phold"], engine="h5netcdf")
    assert "time" not in phold.variables
    phold.close()


def test_a_bad_start_date_is_one_located_error(tmp_path):
    config = write_config(tmp_path, "run.yaml", MMC_CONFIG + "start_date: 2025-02-30\n")
    result = run(WFSIM, "validate", config)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{config}:10:13: error: key 'start_date': expected a date as YYYY-MM-DD "
        "(for example 2025-01-01)")
    result = run(WFSIM, "run", write_config(tmp_path, "ok.yaml", MMC_CONFIG), "--no-output",
                 "--quiet", "--set", "start_date=1st of May")
    assert result.returncode == 2
    assert "key 'start_date'" in result.stderr
