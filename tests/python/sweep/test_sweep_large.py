"""A Sobol sweep of 30 parameters through `wfsim sweep`: the shipped sweep
configs/sweeps/sobol-g-30-sobol.yaml (N = 4096, 131,072 model runs of the
30-input G function) recovers every exact first-order and total index
within 0.03. The release build only: about 5 s there, minutes under the
sanitizers, which the 24-input estimator test covers."""
import pathlib

import h5py
import numpy as np

from sweep_helpers import wfsim

SOURCE = pathlib.Path(__file__).parents[3]


def exact_indices(a):
    partial = 1.0 / (3.0 * (1.0 + a) ** 2)
    product = np.prod(1.0 + partial)
    variance = product - 1.0
    return partial / variance, partial * (product / (1.0 + partial)) / variance


def test_a_30_parameter_sobol_sweep_recovers_the_g_function_indices(tmp_path):
    sweep = SOURCE / "configs" / "sweeps" / "sobol-g-30-sobol.yaml"
    out = tmp_path / "g30.h5"
    result = wfsim("sweep", sweep, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    a = np.array([0, 0.5, 1, 2, 4.5, 9] + [99] * 24, dtype=float)
    exact_first, exact_total = exact_indices(a)
    with h5py.File(out) as f:
        assert f.attrs["points"] == 4096 * 32
        names = [n.decode() if isinstance(n, bytes) else n for n in f["parameter"][()]]
        assert names == [f"x{i}" for i in range(1, 31)]
        first = f["first_order"][:, 0]
        total = f["total"][:, 0]
        low, high = f["total_low"][:, 0], f["total_high"][:, 0]
    assert np.max(np.abs(first - exact_first)) < 0.03, first - exact_first
    assert np.max(np.abs(total - exact_total)) < 0.03, total - exact_total
    # The six inputs that matter come out in their true order.
    assert list(np.argsort(-total)[:6]) == [0, 1, 2, 3, 4, 5]
    assert np.all(low <= total) and np.all(total <= high)
