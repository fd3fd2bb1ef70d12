#pragma once
/// Parameters declared once, bound to the member of the settings struct they
/// fill. A declaration names the key, type, default, unit, range and help
/// (what `wfsim params` prints and the YAML layer checks) together with the
/// member, so that reading a scenario's settings is one call and no model
/// reads a value back by its key.
///
///   struct Queue { double rate; int servers; };
///   params::Binding<Queue> binding(registry);
///   auto q = binding.root();
///   q.real("rate", &Queue::rate, 0.9, "1/time", 1e-9, 1e9, "arrival rate");
///   q.integer("servers", &Queue::servers, 1, "1", 1, 1000, "servers");
///   Queue settings = binding.read(values);
///
/// Groups nest (`q.group("policy", &Settings::policy)`), and a member can be
/// reached through any callable returning a reference (an array element, for
/// instance). Tables bind to a std::vector of a row struct, one column per
/// member.
#include <concepts>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/params/params.hpp"

namespace wfsim::params {

namespace detail {

inline std::string join_key(const std::string& prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  if (key.empty()) return prefix;
  return prefix + "." + std::string(key);
}

template <class E>
E enum_of(const std::string& text, std::span<const std::string_view> names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  // The registry checked the value against the same names.
  return static_cast<E>(0);
}

inline std::vector<std::string> name_list(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

template <class Number>
Number number_of(const Scalar& cell) {
  if (const auto* d = std::get_if<double>(&cell)) return static_cast<Number>(*d);
  return static_cast<Number>(std::get<std::int64_t>(cell));
}

}  // namespace detail

/// One column of a bound table: its spec, and how a cell reaches a row's
/// member and back (for default rows).
template <class Row>
struct Column {
  ParamSpec spec;
  std::function<void(const Scalar&, Row&)> read;
  std::function<Scalar(const Row&)> write;

  /// `field` is a pointer to a member of Row, or a callable that returns a
  /// reference to the member given a Row&. A column without a default is
  /// required in every row.
  template <class Field>
  static Column real(std::string name, Field field, std::optional<double> default_value,
                     std::string unit, double min, double max, std::string help) {
    Column c = make(std::move(name), ParamType::Real, std::move(unit), min, max, std::move(help));
    if (default_value) c.spec.default_value = *default_value;
    c.read = [field](const Scalar& cell, Row& row) {
      std::invoke(field, row) = detail::number_of<double>(cell);
    };
    c.write = [field](const Row& row) -> Scalar {
      return static_cast<double>(std::invoke(field, const_cast<Row&>(row)));
    };
    return c;
  }

  template <class Field>
  static Column integer(std::string name, Field field, std::optional<std::int64_t> default_value,
                        std::string unit, std::int64_t min, std::int64_t max, std::string help) {
    Column c = make(std::move(name), ParamType::Integer, std::move(unit), static_cast<double>(min),
                    static_cast<double>(max), std::move(help));
    if (default_value) c.spec.default_value = *default_value;
    c.read = [field](const Scalar& cell, Row& row) {
      using Member = std::remove_reference_t<decltype(std::invoke(field, row))>;
      std::invoke(field, row) = detail::number_of<Member>(cell);
    };
    c.write = [field](const Row& row) -> Scalar {
      return static_cast<std::int64_t>(std::invoke(field, const_cast<Row&>(row)));
    };
    return c;
  }

  template <class Field, class E = std::remove_reference_t<std::invoke_result_t<Field, Row&>>>
  requires std::is_enum_v<E>
  static Column choice(std::string name, Field field,
                       std::optional<std::type_identity_t<E>> default_value,
                       std::span<const std::string_view> names, std::string help) {
    Column c =
        make(std::move(name), ParamType::Choice, "", -kUnbounded, kUnbounded, std::move(help));
    c.spec.choices = detail::name_list(names);
    if (default_value) {
      c.spec.default_value = std::string(names[static_cast<std::size_t>(*default_value)]);
    }
    c.read = [field, names](const Scalar& cell, Row& row) {
      std::invoke(field, row) = detail::enum_of<E>(std::get<std::string>(cell), names);
    };
    c.write = [field, names](const Row& row) -> Scalar {
      return std::string(
          names[static_cast<std::size_t>(std::invoke(field, const_cast<Row&>(row)))]);
    };
    return c;
  }

  template <class Field>
  static Column text(std::string name, Field field, std::optional<std::string> default_value,
                     std::string help) {
    Column c = make(std::move(name), ParamType::Text, "", -kUnbounded, kUnbounded, std::move(help));
    if (default_value) c.spec.default_value = *default_value;
    c.read = [field](const Scalar& cell, Row& row) {
      std::invoke(field, row) = std::get<std::string>(cell);
    };
    c.write = [field](const Row& row) -> Scalar {
      return std::invoke(field, const_cast<Row&>(row));
    };
    return c;
  }

 private:
  static constexpr double kUnbounded = std::numeric_limits<double>::infinity();
  // NOLINTBEGIN(performance-unnecessary-value-param): each is moved into the column
  static Column make(std::string name, ParamType type, std::string unit, double min, double max,
                     std::string help) {
    // NOLINTEND(performance-unnecessary-value-param)
    Column c;
    c.spec.path = std::move(name);
    c.spec.type = type;
    c.spec.unit = std::move(unit);
    c.spec.min = min;
    c.spec.max = max;
    c.spec.help = std::move(help);
    return c;
  }
};

template <class Root>
class Binding;

/// Parameters under one key prefix, bound to members of `Struct`, which the
/// root settings reach through a projection.
template <class Root, class Struct>
class BoundGroup {
 public:
  using Project = std::function<Struct&(Root&)>;

  BoundGroup(Binding<Root>& binding, std::string prefix, Project project)
      : binding_(&binding), prefix_(std::move(prefix)), project_(std::move(project)) {}

  const std::string& prefix() const { return prefix_; }
  ParamRegistry& registry() const { return binding_->registry(); }

  template <class Field>
  ParamSpec& real(std::string_view key, Field field, double default_value, std::string unit,
                  double min, double max, std::string help) {
    ParamSpec& spec = registry().real(detail::join_key(prefix_, key), default_value,
                                      std::move(unit), min, max, std::move(help));
    bind(spec.path, [field](const ParamValues& v, const std::string& path, Struct& s) {
      std::invoke(field, s) = v.real(path);
    });
    return spec;
  }

  template <class Field>
  ParamSpec& integer(std::string_view key, Field field, std::int64_t default_value,
                     std::string unit, std::int64_t min, std::int64_t max, std::string help) {
    ParamSpec& spec = registry().integer(detail::join_key(prefix_, key), default_value,
                                         std::move(unit), min, max, std::move(help));
    bind(spec.path, [field](const ParamValues& v, const std::string& path, Struct& s) {
      using Member = std::remove_reference_t<decltype(std::invoke(field, s))>;
      std::invoke(field, s) = static_cast<Member>(v.integer(path));
    });
    return spec;
  }

  template <class Field>
  ParamSpec& boolean(std::string_view key, Field field, bool default_value, std::string help) {
    ParamSpec& spec =
        registry().boolean(detail::join_key(prefix_, key), default_value, std::move(help));
    bind(spec.path, [field](const ParamValues& v, const std::string& path, Struct& s) {
      std::invoke(field, s) = v.boolean(path);
    });
    return spec;
  }

  /// An enumeration whose values 0, 1, ... are spelled `names` in configs.
  template <class Field, class E = std::remove_reference_t<std::invoke_result_t<Field, Struct&>>>
  requires std::is_enum_v<E> ParamSpec& choice(std::string_view key, Field field, E default_value,
                                               std::span<const std::string_view> names,
                                               std::string help) {
    ParamSpec& spec = registry().choice(detail::join_key(prefix_, key),
                                        std::string(names[static_cast<std::size_t>(default_value)]),
                                        detail::name_list(names), std::move(help));
    bind(spec.path, [field, names](const ParamValues& v, const std::string& path, Struct& s) {
      std::invoke(field, s) = detail::enum_of<E>(v.text(path), names);
    });
    return spec;
  }

  template <class Field>
  ParamSpec& text(std::string_view key, Field field, std::string default_value, std::string help) {
    ParamSpec& spec =
        registry().text(detail::join_key(prefix_, key), std::move(default_value), std::move(help));
    bind(spec.path, [field](const ParamValues& v, const std::string& path, Struct& s) {
      std::invoke(field, s) = v.text(path);
    });
    return spec;
  }

  /// A list of records bound to a std::vector<Row> member; `location`, when
  /// given, receives where each row was written (for errors found later).
  template <class Row, class Field>
  ParamSpec& table(std::string_view key, Field field, std::vector<Column<Row>> columns,
                   std::vector<Row> default_rows, std::string help,
                   SourceLocation Row::*location = nullptr) {
    ParamSpec declared;
    declared.path = detail::join_key(prefix_, key);
    declared.type = ParamType::Table;
    declared.help = std::move(help);
    for (const auto& c : columns)
      declared.columns.push_back(c.spec);
    Table defaults;
    for (const Row& row : default_rows) {
      std::vector<Scalar> cells;
      cells.reserve(columns.size());
      for (const auto& c : columns)
        cells.push_back(c.write(row));
      defaults.rows.push_back(std::move(cells));
    }
    declared.default_value = std::move(defaults);
    ParamSpec& spec = registry().add(std::move(declared));
    bind(spec.path, [field, columns = std::move(columns), location](
                        const ParamValues& v, const std::string& path, Struct& s) {
      const Table& table = v.table(path);
      auto& rows = std::invoke(field, s);
      rows.clear();
      for (std::size_t i = 0; i < table.rows.size(); ++i) {
        Row row{};
        for (std::size_t c = 0; c < columns.size(); ++c)
          columns[c].read(table.rows[i][c], row);
        if (location) {
          row.*location = i < table.row_locations.size() ? table.row_locations[i] : v.where(path);
        }
        rows.push_back(std::move(row));
      }
    });
    return spec;
  }

  /// Parameters under `prefix.key`, bound to the struct `field` reaches.
  template <class Field, class Sub = std::remove_reference_t<std::invoke_result_t<Field, Struct&>>>
  BoundGroup<Root, Sub> group(std::string_view key, Field field) const {
    Project outer = project_;
    return BoundGroup<Root, Sub>(
        *binding_, detail::join_key(prefix_, key),
        [outer, field](Root& root) -> Sub& { return std::invoke(field, outer(root)); });
  }

  /// Parameters under `prefix.key` bound to this same struct.
  BoundGroup group(std::string_view key) const {
    return BoundGroup(*binding_, detail::join_key(prefix_, key), project_);
  }

 private:
  template <class Reader>
  void bind(const std::string& path, Reader reader) {
    binding_->add_reader(
        [path, project = project_, reader = std::move(reader)](
            const ParamValues& values, Root& root) { reader(values, path, project(root)); });
  }

  Binding<Root>* binding_;
  std::string prefix_;
  Project project_;
};

/// The parameters of a settings struct `Root`, declared into a registry.
template <class Root>
class Binding {
 public:
  explicit Binding(ParamRegistry& registry) : registry_(&registry) {}
  Binding(const Binding&) = delete;
  Binding& operator=(const Binding&) = delete;

  ParamRegistry& registry() const { return *registry_; }

  /// The top-level group (no prefix), bound to the whole struct.
  BoundGroup<Root, Root> root() {
    return BoundGroup<Root, Root>(*this, "", [](Root& r) -> Root& { return r; });
  }

  /// Fills every bound member of `root` from resolved values.
  void read(const ParamValues& values, Root& root) const {
    for (const auto& reader : readers_)
      reader(values, root);
  }
  Root read(const ParamValues& values) const {
    Root root{};
    read(values, root);
    return root;
  }

  void add_reader(std::function<void(const ParamValues&, Root&)> reader) {
    readers_.push_back(std::move(reader));
  }

 private:
  ParamRegistry* registry_;
  std::vector<std::function<void(const ParamValues&, Root&)>> readers_;
};

}  // namespace wfsim::params
