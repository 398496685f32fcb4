"""The declared report structure: ``structure.yaml`` of a template set, loaded into frozen records (msgspec Structs).

A bad structure is refused when it is loaded, with every problem located by file
and line, so the wizard, the validator and the renderer can trust what they read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import msgspec

from .errors import StructureError
from .lazyregex import LazyPattern
from .problems import Level, Problem
from .rules import RULES
from .values import PARSERS, ValueRefused, is_empty
from .yamlsource import KeyPath, LoadedYaml

KINDS = {"count": "数量", "amount": "金额/带小数的数量", "percent": "百分比", "date": "日期",
         "text": "文字", "year": "年份", "choice": "选项", "list": "多项文字"}
KINDS_WITH_UNIT = frozenset({"count", "amount"})
RATE_RULES = frozenset({"rate", "rate_of"})  # the rules that say which figure a rate is a rate of
DATE_RULES = frozenset({"after_year", "not_before"})  # the rules between dates (the others compare numbers)
_KEY = LazyPattern(r"^[a-z][a-z0-9_]*$")
_FIELD_ATTRS = {"label", "unit", "kind", "help", "required", "min", "max", "choices", "default",
                "aliases", "unit_aliases", "zero", "carry", "merge"}
# How ``drafter merge`` combines a figure over the units (``merge:`` of a figure).
MERGE_WAYS = {"sum": "各单位相加（数量、金额的默认）",
              "own": "汇总报告本级自己的数字（如县委常委会听取汇报次数），不相加：用 --into 时沿用县级文件中的数，否则留空"}
_REPORT_ATTRS = {"title", "file_name", "roles", "zeros_printed", "figures_once"}
# The roles a field can play for drafter itself; everything else about a field is the set's business.
ROLES = {"issuer": "发文机关（署名、文件名）", "year": "报告年度", "written_date": "成文日期",
         "level": "行政层级（称谓）", "recipients": "主送机关", "doc_number": "发文字号（年份改用六角括号）",
         "signer": "签发人（多人用空格分开）"}
_BLOCK_ATTRS = {"heading", "title", "help", "figures", "rules", "sections", "optional",
                "items_required", "keywords"}


class Field(msgspec.Struct, frozen=True):
    """One value a report holds: a figure, or a piece of document metadata."""

    key: str
    label: str
    kind: str = "count"
    unit: str = ""
    help: str = ""
    required: bool = False
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    default: Any = None
    line: int = 0
    aliases: tuple[str, ...] = ()  # other wordings of the label in published reports (drafter import)
    unit_aliases: tuple[str, ...] = ()  # other units the reports write for it: 次 for 期 (drafter import)
    zero: str = ""  # what the report writes for 0 instead of the clause (未发生…); without it, 0 is left out
    carry: bool = False  # offered again next year (new --from); by default every 文档信息 field but 发文字号
    merge: str = ""  # how drafter merge combines the units' values: "own" = the merged report's body's own figure

    @property
    def merged_own(self) -> bool:
        """Return whether merge keeps this figure for the merged report's own body instead of summing."""
        return self.merge == "own"

    @property
    def display(self) -> str:
        """Return the label with its unit, as a question or a YAML comment shows it."""
        unit = "%" if self.kind == "percent" else self.unit
        return f"{self.label}（{unit}）" if unit else self.label

    @property
    def shown_unit(self) -> str:
        """Return the unit as the text writes it after a number."""
        return "%" if self.kind == "percent" else self.unit

    def bounds(self) -> tuple[float | None, float | None]:
        """Return (min, max) with the defaults of the kind filled in."""
        low = self.min if self.min is not None else (0 if self.kind in KINDS_WITH_UNIT | {"percent"} else None)
        high = self.max if self.max is not None else (100 if self.kind == "percent" else None)
        return low, high


class Rule(msgspec.Struct, frozen=True):
    """A declared consistency rule between fields."""

    name: str
    args: Mapping[str, Any]
    level: Level
    line: int
    file: Path | None = None

    def fields(self) -> list[str]:
        """Return the keys of the fields this rule names."""
        spec = RULES[self.name]
        keys = [self.args[arg] for arg in spec.field_args]
        for arg in spec.list_args:
            keys.extend(self.args[arg])
        return keys


class Section(msgspec.Struct, frozen=True):
    """A section of the report's outline, a part (一、) or a subsection (（一）): heading, figures,
    rules and the clerk's items. (The block document's ``render.blocks.Block`` is another thing.)"""

    key: str
    heading: str
    help: str = ""
    figures: tuple[Field, ...] = ()
    rules: tuple[Rule, ...] = ()
    optional: bool = False
    items_required: bool = False
    sections: tuple[Section, ...] = ()
    line: int = 0
    path: KeyPath = ()
    keywords: tuple[str, ...] = ()  # words of headings that belong here (drafter import)

    @property
    def has_sections(self) -> bool:
        """Return whether this block is a part made of subsections."""
        return bool(self.sections)


class ReportType(msgspec.Struct, frozen=True, dict=True):
    """What kind of report a set writes: its title and file-name patterns (``{field}`` placeholders
    filled from the metadata) and the roles its fields play (role → field key)."""

    title: str = ""
    file_name: str = ""
    roles: Mapping[str, str] = msgspec.field(default_factory=dict)
    zeros_printed: bool = False  # figures stand in tables where 0 is printed, not in prose that drops it
    figures_once: bool = False  # a figure the clerk's item already states is left out of the figure sentence

    def role(self, name: str) -> str | None:
        """Return the key of the field playing role ``name``, or None when no field does."""
        return self.roles.get(name)

    def role_of(self, key: str) -> str:
        """Return the role field ``key`` plays ('' when none)."""
        return self._role_by_key.get(key, "")

    @cached_property
    def _role_by_key(self) -> dict[str, str]:
        by_key: dict[str, str] = {}
        for role, played in self.roles.items():
            by_key.setdefault(played, role)
        return by_key

    def can_fill(self, pattern: str, values: Mapping[str, Any]) -> bool:
        """Return whether every ``{key}`` of ``pattern`` has a value in ``values``."""
        return all(not is_empty(values.get(key)) for key in _PLACEHOLDER.findall(pattern))

    def fill(self, pattern: str, values: Mapping[str, Any]) -> str:
        """Return ``pattern`` with every ``{key}`` replaced by that field's value (an absent one by nothing)."""
        def value(match: re.Match[str]) -> str:
            found = values.get(match.group(1))
            return "" if is_empty(found) else str(found)
        return _PLACEHOLDER.sub(value, pattern)


def _flag(spec: Mapping[str, Any], attr: str, default: bool) -> bool:
    """Return the true/false setting ``attr`` of ``spec``, ``default`` when it is not written."""
    value = spec.get(attr)
    return value if isinstance(value, bool) else default


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class Group(msgspec.Struct, frozen=True):
    """A group of metadata fields (文档信息, 开头)."""

    key: str
    title: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()


class Structure(msgspec.Struct, frozen=True):
    """A whole report structure: metadata, opening and the statutory parts in order."""

    name: str
    version: int
    meta: Group
    opening: Group
    parts: tuple[Section, ...]
    path: Path
    base: tuple[Path, ...] = ()
    fields: Mapping[str, Field] = msgspec.field(default_factory=dict)
    field_paths: Mapping[str, KeyPath] = msgspec.field(default_factory=dict)
    report: ReportType = msgspec.field(default_factory=ReportType)
    warnings: tuple[Problem, ...] = ()  # what reading the file(s) cleaned up, for ``template check``

    def value_of(self, role: str, values: Mapping[str, Any]) -> Any:
        """Return the value of the field playing ``role`` in ``values`` (None when absent or unplayed)."""
        key = self.report.role(role)
        return values.get(key) if key else None

    def blocks(self) -> Iterator[Section]:
        """Yield every part and subsection in document order (a part before its sections)."""
        for part in self.parts:
            yield part
            yield from part.sections

    def block(self, block_id: str) -> Section:
        """Return the block whose data path joined by dots is ``block_id``."""
        for candidate in self.blocks():
            if ".".join(candidate.path) == block_id:
                return candidate
        raise KeyError(block_id)

    def rules(self) -> Iterator[Rule]:
        """Yield every rule declared anywhere in the structure."""
        yield from self.meta.rules
        yield from self.opening.rules
        for block in self.blocks():
            yield from block.rules

    def rate_wholes(self) -> dict[str, str]:
        """Return rate field → the field it is a rate of (``rate`` and ``rate_of`` rules): a rate whose
        whole is 0 says nothing, so the report leaves it out."""
        return {rule.args["rate"]: rule.args["whole"] for rule in self.rules() if rule.name in RATE_RULES}

    def rule_fields(self, rule: Rule) -> list[str]:
        """Return the keys of the fields ``rule`` looks at: those it names, then those playing the roles it reads."""
        named = rule.fields()
        played = (self.report.role(role) for role in RULES[rule.name].roles)
        return named + [key for key in played if key is not None and key not in named]

    def figures(self) -> list[Field]:
        """Return every figure of the parts and subsections, in document order (no metadata)."""
        return [f for block in self.figure_blocks() for f in block.figures]

    def figure_blocks(self) -> Iterator[Section]:
        """Yield the blocks that hold figures or items (subsections and parts without them)."""
        for part in self.parts:
            if part.has_sections:
                yield from part.sections
            else:
                yield part


def read_structure(loaded: LoadedYaml) -> Structure:
    """Build the structure from loaded (possibly inherited) YAML; raise ``StructureError`` listing
    every problem. Finding the file and following ``extends`` is ``templateset.load_structure``'s job."""
    reader = _Reader(loaded)
    structure = reader.read()
    problems = [p for p in loaded.problems + reader.problems if p.level is Level.ERROR]
    if problems or structure is None:
        raise StructureError(f"结构文件有 {len(problems)} 处错误", file=loaded.path,
                             problems=problems)
    return structure


class _Reader:
    """Build the records from the loaded YAML, collecting problems with lines."""

    def __init__(self, loaded: LoadedYaml) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.fields: dict[str, Field] = {}
        self.field_paths: dict[str, KeyPath] = {}

    def error(self, at: KeyPath, message: str, field_name: str = "") -> None:
        file, line = self.loaded.locate(at)
        self.problems.append(Problem(Level.ERROR, message, file, line, field_name))

    def read(self) -> Structure | None:
        data = self.loaded.data
        if not isinstance(data, dict):
            self.error((), "结构文件应是“字段: 值”的形式")
            return None
        meta = self._group(data, "meta", "文档信息")
        opening = self._group(data, "opening", "开头")
        parts_data = self._mapping(data.get("parts"), ("parts",), "parts")
        parts = tuple(self._block(key, value, ("parts", key), (key,), is_part=True)
                      for key, value in parts_data.items())
        if not parts:
            self.error(("parts",), "结构里没有任何部分（parts）")
        version = data.get("version", 1)
        if isinstance(version, bool) or not isinstance(version, int):
            self.error(("version",), f"version 应是一个整数，而不是“{version}”")
            version = 1
        structure = Structure(
            name=str(data.get("name", "")), base=self.loaded.bases, version=version or 1,
            meta=meta, opening=opening, parts=parts, path=self.loaded.path,
            fields=dict(self.fields), field_paths=dict(self.field_paths),
            report=self._report(data.get("report"), str(data.get("name", "")), meta),
            warnings=tuple(p for p in self.loaded.problems if p.level is Level.WARNING))
        for rule in structure.rules():
            self._check_rule_fields(rule)
        return structure

    def _report(self, spec: Any, name: str, meta: Group) -> ReportType:
        spec = self._mapping(spec, ("report",), "report")
        for attr in spec:
            if attr not in _REPORT_ATTRS:
                self.error(("report", attr), f"不认识的设置“{attr}”，可用的有：" + "、".join(sorted(_REPORT_ATTRS)))
        meta_keys = {f.key for f in meta.fields}
        patterns = {}
        for attr in ("title", "file_name"):
            self._check_text(spec, attr, ("report",), "report")
            pattern = str(spec.get(attr) or "").strip()
            for key in _PLACEHOLDER.findall(pattern):
                if key not in meta_keys:
                    self.error(("report", attr), f"“{{{key}}}”不是文档信息（meta）中的字段，可用："
                               + "、".join(sorted(meta_keys)))
            patterns[attr] = pattern
        roles = self._mapping(spec.get("roles"), ("report", "roles"), "roles")
        for role, key in roles.items():
            if role not in ROLES:
                self.error(("report", "roles", role), f"不认识的角色“{role}”，可用的有："
                           + "、".join(f"{k}（{v}）" for k, v in ROLES.items()))
            elif key not in self.fields:
                self.error(("report", "roles", role), f"角色“{role}”指向的字段“{key}”在结构中没有")
        self._check_flag(spec, "zeros_printed", ("report",), "report")
        self._check_flag(spec, "figures_once", ("report",), "report")
        title = patterns["title"] or name
        return ReportType(title=title, file_name=patterns["file_name"] or title,
                          roles={str(k): str(v) for k, v in roles.items() if v is not None},
                          zeros_printed=spec.get("zeros_printed") is True,
                          figures_once=spec.get("figures_once") is True)

    def _mapping(self, value: Any, at: KeyPath, name: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(at, f"“{name}”下面应是“字段: 值”的形式")
            return {}
        return value

    def _group(self, data: dict[str, Any], key: str, title: str) -> Group:
        spec = self._mapping(data.get(key), (key,), key)
        fields = self._fields(spec.get("fields"), (key, "fields"), (key,))
        rules = self._rules(spec.get("rules"), (key, "rules"))
        return Group(key=key, title=str(spec.get("title", title)), fields=fields, rules=rules)

    def _block(self, key: str, spec: Any, at: KeyPath, data_path: KeyPath,
               is_part: bool) -> Section:
        self._check_key(key, at)
        spec = self._mapping(spec, at, key)
        for attr in spec:
            if attr not in _BLOCK_ATTRS:
                self.error(at + (attr,), f"不认识的设置“{attr}”，可用的有："
                           + "、".join(sorted(_BLOCK_ATTRS)))
        for attr in ("heading", "title", "help"):
            self._check_text(spec, attr, at, key)
        for attr in ("optional", "items_required"):
            self._check_flag(spec, attr, at, key)
        heading = spec.get("title" if is_part else "heading") or spec.get("heading")
        if not heading:
            self.error(at, f"“{key}”缺少标题（{'title' if is_part else 'heading'}）")
        sections: tuple[Section, ...] = ()
        if is_part:
            section_specs = self._mapping(spec.get("sections"), at + ("sections",), "sections")
            sections = tuple(self._block(k, v, at + ("sections", k), data_path + (k,), False)
                             for k, v in section_specs.items())
        figures = self._fields(spec.get("figures"), at + ("figures",), data_path + ("figures",))
        return Section(
            key=key, heading=str(heading or key), help=str(spec.get("help", "") or ""),
            figures=figures, rules=self._rules(spec.get("rules"), at + ("rules",)),
            optional=bool(spec.get("optional", False)),
            items_required=bool(spec.get("items_required", False)),
            sections=sections, line=self.loaded.line_of(at), path=data_path,
            keywords=self._text_list(spec, "keywords", at, key))

    def _check_text(self, spec: dict[str, Any], attr: str, at: KeyPath, name: str) -> None:
        if isinstance(spec.get(attr), (list, dict)):
            self.error(at + (attr,), f"{attr} 应是一段文字，不能是列表或多个字段", name)

    def _check_flag(self, spec: dict[str, Any], attr: str, at: KeyPath, name: str) -> None:
        if attr in spec and spec[attr] is not None and not isinstance(spec[attr], bool):
            self.error(at + (attr,), f"{attr} 只能是 true 或 false，而不是“{spec[attr]}”", name)

    def _text_list(self, spec: dict[str, Any], attr: str, at: KeyPath, name: str) -> tuple[str, ...]:
        value = spec.get(attr)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(at + (attr,), f"{attr} 应是一个文字列表，如 [行政复议, 复议]", name)
            return ()
        return tuple(v.strip() for v in value)

    def _check_key(self, key: str, at: KeyPath) -> None:
        if not _KEY.match(str(key)):
            self.error(at, f"键名“{key}”只能用英文小写字母、数字和下划线，并以字母开头")

    def _fields(self, specs: Any, at: KeyPath, data_path: KeyPath) -> tuple[Field, ...]:
        specs = self._mapping(specs, at, at[-1])
        return tuple(f for f in (self._field(k, v, at + (k,), data_path + (k,))
                                 for k, v in specs.items()) if f is not None)

    def _field(self, key: str, spec: Any, at: KeyPath, data_path: KeyPath) -> Field | None:
        self._check_key(key, at)
        if isinstance(spec, str):
            spec = {"label": spec}  # shorthand: `key: 标签` is a count without unit
        spec = self._mapping(spec, at, key)
        for attr in ("label", "unit", "help", "zero"):
            self._check_text(spec, attr, at, key)
        for flag in ("required", "carry"):
            self._check_flag(spec, flag, at, key)
        label = str(spec.get("label") or "").strip()
        if not label:
            self.error(at, f"数字“{key}”缺少中文名称（label）", key)
        for attr in spec:
            if attr not in _FIELD_ATTRS:
                self.error(at + (attr,), f"不认识的设置“{attr}”，可用的有："
                           + "、".join(sorted(_FIELD_ATTRS)), label or key)
        kind = str(spec.get("kind", "count"))
        if kind not in KINDS:
            self.error(at + ("kind",), f"不认识的类型“{kind}”，可用的有：" + "、".join(
                f"{k}（{v}）" for k, v in KINDS.items()), label or key)
            kind = "text"
        unit = str(spec.get("unit") or "").strip()
        if kind in KINDS_WITH_UNIT and not unit:
            self.error(at, f"数字“{label or key}”缺少单位（unit），如 件、次、人", label or key)
        merge = spec.get("merge")
        if merge is not None and merge not in MERGE_WAYS:
            self.error(at + ("merge",), f"不认识的汇总方式“{merge}”，可用的有：" + "、".join(
                f"{k}（{v}）" for k, v in MERGE_WAYS.items()), label or key)
            merge = None
        elif merge == "sum" and kind not in KINDS_WITH_UNIT:
            self.error(at + ("merge",), "merge: sum（各单位相加）只能用于数量或金额", label or key)
            merge = None
        if spec.get("zero") and kind not in KINDS_WITH_UNIT:
            self.error(at + ("zero",), "zero（填 0 时的写法）只能用于数量或金额", label or key)
        low, high = spec.get("min"), spec.get("max")
        for name, bound in (("min", low), ("max", high)):
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, (int, float))):
                self.error(at + (name,), f"{name} 应是一个数字", label or key)
        if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
            self.error(at + ("min",), f"最小值 {low} 大于最大值 {high}", label or key)
        choices_spec = spec.get("choices") or ()
        if not isinstance(choices_spec, (list, tuple)):
            self.error(at + ("choices",), "choices 应是一个列表，如 [县级政府, 设区的市]", label or key)
            choices_spec = ()
        choices = tuple(str(c) for c in choices_spec)
        if kind == "choice" and not choices:
            self.error(at, "选项类型（choice）需要列出 choices", label or key)
        default = spec.get("default")
        if not is_empty(default):
            try:
                PARSERS[kind](default)
            except ValueRefused as exc:
                self.error(at + ("default",), f"默认值不合适：{exc.message}", label or key)
        if key in self.fields:
            first = self.fields[key].line  # same file: duplicates across an extends are overrides
            self.error(at, f"键名“{key}”重复（第 {first} 行已经用过），每个数字的键名必须唯一", label)
            return None
        result = Field(key=key, label=label or key, kind=kind, unit=unit,
                       help=str(spec.get("help", "") or ""), required=bool(spec.get("required")),
                       min=low if isinstance(low, (int, float)) else None,
                       max=high if isinstance(high, (int, float)) else None,
                       choices=choices, default=default, line=self.loaded.line_of(at),
                       aliases=self._text_list(spec, "aliases", at, label or key),
                       unit_aliases=self._text_list(spec, "unit_aliases", at, label or key),
                       zero=str(spec.get("zero") or "").strip(), carry=_flag(spec, "carry", data_path[0] == "meta"),
                       merge=str(merge or ""))
        self.fields[key] = result
        self.field_paths[key] = data_path
        return result

    def _rules(self, specs: Any, at: KeyPath) -> tuple[Rule, ...]:
        if specs is None:
            return ()
        if not isinstance(specs, list):
            self.error(at, "rules 应是一个列表（每行“- 规则名: {…}”）")
            return ()
        rules = []
        for index, spec in enumerate(specs):
            rule = self._rule(spec, at + (index,))
            if rule is not None:
                rules.append(rule)
        return tuple(rules)

    def _rule(self, spec: Any, at: KeyPath) -> Rule | None:
        if not isinstance(spec, dict) or len(spec) != 1:
            self.error(at, "每条规则应写成“- 规则名: {参数}”，规则名可用：" + "、".join(RULES))
            return None
        (name, args), = spec.items()
        if name not in RULES:
            self.error(at, f"不认识的规则“{name}”，可用的有：" + "、".join(
                f"{n}（{s.description}）" for n, s in RULES.items()))
            return None
        rule_spec = RULES[name]
        if not isinstance(args, dict):
            self.error(at, f"规则 {name} 的参数应写成 {{…}}")
            return None
        expected = set(rule_spec.field_args) | set(rule_spec.list_args)
        for arg in expected - set(args):
            self.error(at, f"规则 {name} 缺少参数“{arg}”")
        for arg in set(args) - expected - {"level", "tolerance", "needs_whole", "reason"}:
            self.error(at, f"规则 {name} 不认识参数“{arg}”")
        if expected - set(args):
            return None
        for arg in rule_spec.list_args:
            if not isinstance(args[arg], list):
                self.error(at, f"规则 {name} 的参数“{arg}”应是一个列表")
                return None
        for arg in rule_spec.field_args + rule_spec.list_args:
            named = args[arg] if arg in rule_spec.list_args else [args[arg]]
            if not all(isinstance(k, str) for k in named):
                self.error(at, f"规则 {name} 的参数“{arg}”应写数字的键名（英文），如 reconsideration_received")
                return None
        if not isinstance(args.get("reason", ""), str):
            self.error(at, f"规则 {name} 的 reason 应是一句话，说明这条规则为什么成立")
            return None
        tolerance = args.get("tolerance", 0)
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
            self.error(at, f"规则 {name} 的 tolerance 应是一个不小于 0 的数字，而不是“{tolerance}”")
            return None
        level_name = str(args.get("level", rule_spec.default_level))
        if level_name not in ("error", "warning"):
            self.error(at, f"规则的 level 只能是 error 或 warning，而不是“{level_name}”")
            level_name = "error"
        level = Level.ERROR if level_name == "error" else Level.WARNING
        file, line = self.loaded.locate(at)
        return Rule(name=name, args=dict(args), level=level, line=line, file=file)

    def _check_rule_fields(self, rule: Rule) -> None:
        for key in rule.fields():
            spec = self.fields.get(key)
            if spec is None:
                message = f"规则 {rule.name} 引用了结构中没有的数字“{key}”"
                if rule.file is not None and rule.file != self.loaded.path:
                    message += f"（它可能在 {self.loaded.path} 中被删去了；删去数字时也要删去用到它的规则）"
            elif rule.name in DATE_RULES and spec.kind != "date":
                message = f"规则 {rule.name} 只能用于日期，“{spec.label}”不是日期"
            elif rule.name not in DATE_RULES and spec.kind not in ("count", "amount", "percent"):
                message = f"规则 {rule.name} 只能用于数字，“{spec.label}”不是数字"
            else:
                continue
            # the rule may come from the base set of an ``extends``: point at the file that wrote it
            self.problems.append(Problem(Level.ERROR, message, rule.file or self.loaded.path, rule.line))
