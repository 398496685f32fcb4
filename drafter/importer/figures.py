"""Find the declared figures in the sentences of a published report, only where the match is sure.

Three kinds of wording are recognized, all of them data:

* a figure's ``label`` followed by its number and unit: “受理行政复议案件23件”
  (a few filler words may stand between: 共、累计、达到、为……);
* the figure's ``aliases`` in structure.yaml, written like the report writes them:
  “受理复议案件” (number after it), “{n}依申请权力” (number where ``{n}`` stands),
  “行政复议申请…受理” (``…`` spans a few words of the same sentence);
* the sentences of the set's own text templates (``{% call sentence() %}`` blocks), so a
  report drafter rendered reads back into the same figures, clause by clause, a figure's
  ``zero`` wording (未收到行政复议申请) included.

The number must carry the figure's own unit (件, 次, %…); 余/多 and 万 are kept as written.
A figure found with two different values is not taken: both places are listed instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec

from ..errors import DrafterError
from ..render.stated import BETWEEN, FILLER, GAP, NUMBER_FIRST
from ..render.templatesource import read_template
from ..structure import Field, Structure
from ..values import PARSERS, Number, ValueRefused, numeric
from .numerals import arabic_before_units

_NUMBER = r"\d+(?:\.\d+)?"
_SENTENCE = re.compile(r"[^。！？]+[。！？]*")
_CALL = re.compile(r"\{%-?\s*call\s+sentence\(([^)]*)\)\s*-?%\}(.*?)\{%-?\s*endcall\s*-?%\}", re.S)
_SUBJECT = re.compile(r"^\s*subject\s*=\s*(.+?)\s*$", re.S)
_TAG = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}|\{%-?\s*(.*?)\s*-?%\}")
_COMMENT = re.compile(r"\{#.*?#\}", re.S)
OTHER_UNIT = "单位不同"
TEMPLATE = "模板句"
_CHANGE = r"(?:同比|比上年|较上年|与上年)[^，。；]{0,20}"
_LOOSE_NUMBER = r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?:万|亿)?(?:余|多)?(?P<unit>[\u4e00-\u9fff]{1,2})"


class Extraction(msgspec.Struct, frozen=True):
    """One figure found in the text: its key, value (as the YAML holds it), and where."""

    key: str
    value: Any
    written: str  # number and unit as the text writes them: 23件, 80.63万件
    sentence: str
    line: int
    how: str  # 名称 / 别称 / 模板句
    doubt: str = ""  # why the match may name another figure: then it is listed, not filled
    generic: bool = False  # matched by a short wording that many names end with (办复率)


class FigureResult(msgspec.Struct):
    """Every extraction, and per key the value taken or the conflicting values."""

    found: list[Extraction] = msgspec.field(default_factory=list)
    accepted: dict[str, Extraction] = msgspec.field(default_factory=dict)
    conflicts: dict[str, list[Extraction]] = msgspec.field(default_factory=dict)
    doubtful: dict[str, list[Extraction]] = msgspec.field(default_factory=dict)  # matches that may name another figure


class _Pattern(msgspec.Struct, frozen=True):
    key: str
    regex: re.Pattern[str]
    weight: int  # letters of wording matched: the longer wins where two claim one number
    how: str
    loose: re.Pattern[str] | None = None  # the same wording before a number with any unit
    wording: str = ""  # the label or alias as structure.yaml writes it


class _SentencePattern(msgspec.Struct, frozen=True):
    regex: re.Pattern[str]
    groups: tuple[str, ...]  # group name gN → figure key, by index


class FigureFinder:
    """The figure patterns of one structure and its text templates."""

    def __init__(self, structure: Structure, text_dirs: list[Path] | None = None,
                 variables: dict[str, list[str]] | None = None) -> None:
        self.fields = {key: spec for key, spec in structure.fields.items()
                       if spec.kind in ("count", "amount", "percent")
                       and structure.field_paths[key][-2:-1] == ("figures",)}
        self.patterns = [p for spec in self.fields.values() for p in _field_patterns(spec)]
        self.units = {unit for spec in self.fields.values() for unit in units_of(spec) if unit not in ("%", "％")}
        self.sentences = _sentence_patterns(text_dirs or [], self.fields, variables or {})

    def find(self, text: str, line: int) -> tuple[list[Extraction], bool]:
        """Return the figures in one paragraph, and whether it is wholly template sentences."""
        found: list[Extraction] = []
        sentences = [s for s in _SENTENCE.findall(text) if s.strip()]
        generated = bool(sentences)
        for sentence in sentences:
            from_template = self._template_sentence(sentence, line)
            if from_template is not None:
                found.extend(from_template)
                continue
            generated = False
            found.extend(self._labelled(arabic_before_units(sentence, self.units), line))
        return found, generated

    def _template_sentence(self, sentence: str, line: int) -> list[Extraction] | None:
        body = sentence.strip().rstrip("。！？")
        best: list[tuple[int, tuple[tuple[str, str], ...]]] = []
        for pattern in self.sentences:
            match = pattern.regex.fullmatch(body)
            if not match:
                continue
            values = tuple((pattern.groups[int(name[1:])], text)
                           for name, text in match.groupdict().items() if text is not None)
            if values:
                best.append((len(values), values))
        if not best:
            return None
        best.sort(key=lambda item: -item[0])
        if len(best) > 1 and best[1][0] == best[0][0] and set(best[1][1]) != set(best[0][1]):
            return None  # two template sentences read it differently: not sure
        result = []
        for key, written in best[0][1]:
            spec = self.fields[key]
            value = 0 if written == spec.zero else _value(spec, _number_part(written, spec))
            if value is not None:
                result.append(Extraction(key, value, written, sentence.strip(), line, TEMPLATE))
        return result

    def _labelled(self, sentence: str, line: int) -> list[Extraction]:
        claims: dict[int, list[tuple[_Pattern, re.Match[str]]]] = {}
        for pattern in self.patterns:
            for match in pattern.regex.finditer(sentence):
                claims.setdefault(match.start("num"), []).append((pattern, match))
        result = self._other_units(sentence, line, set(claims))
        for position in sorted(claims):
            options = claims[position]
            top = max(p.weight for p, _ in options)
            winners = {p.key for p, _ in options if p.weight == top}
            if len(winners) != 1:
                continue  # two figures claim this number equally: not sure
            pattern, match = next((p, m) for p, m in options if p.weight == top)
            spec = self.fields[pattern.key]
            written_number = match.group("num") + (match.groupdict().get("scale") or "") + (
                match.group("qual") or "")
            value = _value(spec, written_number)
            if value is None:
                continue
            written = sentence[match.start("num"): match.end("unit")]
            result.append(Extraction(pattern.key, value, written, sentence.strip(), line, pattern.how,
                                     _doubt(pattern, sentence, match.start()),
                                     pattern.how != TEMPLATE and pattern.weight <= GENERIC_WEIGHT))
        return result


    def _other_units(self, sentence: str, line: int, claimed: set[int]) -> list[Extraction]:
        """The figure's wording before a number in another unit (资料20000余册 / 资料87000余份).

        Such a number is recorded with the text as written, so that the figure counts as
        found with two different values and is left to the clerk.
        """
        result = []
        for pattern in self.patterns:
            if pattern.loose is None:
                continue
            spec = self.fields[pattern.key]
            for match in pattern.loose.finditer(sentence):
                if (match.start("num") in claimed or _same_unit(match.group("unit"), spec)
                        or match.group("unit")[0] in "年月日号时"):
                    continue  # the figure's own unit, another figure's number, or a date
                written = sentence[match.start("num"): match.end("unit")]
                result.append(Extraction(pattern.key, None, written, sentence.strip(), line, OTHER_UNIT))
        return result


# A short wording is the generic tail of many names (办复率, 备案率, 整改率): it identifies its
# figure only when no other name stands right before it in the clause.
GENERIC_WEIGHT = 3
_NAMED_BEFORE = re.compile(r"[”》」』）)][^，。；：、]{0,4}$")
_CLAUSE_START = re.compile(r"[，。；：、！？]")


def _doubt(pattern: _Pattern, sentence: str, start: int) -> str:
    """Return why a match may name another figure (“三书”按期办复率), or ''."""
    if pattern.how == TEMPLATE or pattern.weight > GENERIC_WEIGHT:
        return ""
    clause = _CLAUSE_START.split(sentence[:start])[-1]
    if _NAMED_BEFORE.search(clause):
        name = clause[-12:].strip()
        return f"原文在“{pattern.wording}”前面写的是别的名称（{name}），可能说的是别的事项，请核对后自行填写"
    return ""


# Units that name the same thing in every figure: 12名 is 12人, 32场 is 32场次. Units that
# differ by figure (次 for a training counted in 期) are the figure's own ``unit_aliases``.
UNIT_SYNONYMS = {"人": ("名",), "场次": ("场",), "场": ("场次",), "个": ("家",), "家": ("个",)}


def units_of(spec: Field) -> tuple[str, ...]:
    """Return the units a report may write after this figure's number, the declared one first."""
    if spec.kind == "percent":
        return ("%", "％")
    return tuple(dict.fromkeys((spec.unit, *UNIT_SYNONYMS.get(spec.unit, ()), *spec.unit_aliases)))


def _same_unit(written: str, spec: Field) -> bool:
    for unit in units_of(spec):
        if written.startswith(unit) and (unit.endswith("次") or written[len(unit): len(unit) + 1] != "次"):
            return True
    return False


def resolve(found: list[Extraction]) -> FigureResult:
    """Take each figure found with one value; list those found with different values."""
    result = FigureResult(found=list(found))
    by_key: dict[str, list[Extraction]] = {}
    for item in found:
        by_key.setdefault(item.key, []).append(item)
    for key, items in by_key.items():
        from_templates = [i for i in items if i.how == TEMPLATE]
        if from_templates:
            items = from_templates  # drafter's own sentence for this figure: exact, it decides
        sure = [i for i in items if not i.doubt]
        if not sure:
            result.doubtful[key] = items
            continue
        items = sure
        values = {str(i.value) if i.how != OTHER_UNIT else "\0" + i.written for i in items}
        if len(values) == 1 and items[0].how != OTHER_UNIT:
            result.accepted[key] = items[0]
        else:
            result.conflicts[key] = items
    return result


def _value(spec: Field, written: str) -> Any:
    """Return the YAML value of a number as written, or None when it is not a valid value."""
    try:
        parsed = PARSERS[spec.kind](written + ("%" if spec.kind == "percent" else ""))
    except ValueRefused:
        return None
    number = numeric(parsed.value)
    low, high = spec.bounds()
    if number is None or (low is not None and number < low) or (high is not None and number > high):
        return None
    return parsed.value.to_yaml() if isinstance(parsed.value, Number) else parsed.value


def _number_part(written: str, spec: Field) -> str:
    unit = spec.shown_unit
    return written[: -len(unit)] if unit and written.endswith(unit) else written


def number_regex(spec: Field, name: str = "num") -> str:
    """Return the regex of a number with the figure's unit; groups ``num``, ``scale``, ``qual``, ``unit``."""
    if spec.kind == "percent":
        return rf"(?<![\d.])(?P<{name}>{_NUMBER})(?P<qual>)(?P<unit>[%％])(?!以上|左右)"
    unit = spec.unit
    scale = "" if unit.startswith(("万", "亿")) else r"(?P<scale>万|亿)?"
    units = "|".join(re.escape(u) + ("" if u.endswith("次") else "(?!次)")
                     for u in sorted(units_of(spec), key=len, reverse=True))
    return rf"(?<![\d.])(?P<{name}>{_NUMBER}){scale}(?P<qual>余|多)?(?P<unit>{units})"




def _field_patterns(spec: Field) -> list[_Pattern]:
    patterns = []
    wordings = [(spec.label, "名称")] + [(alias, "别称") for alias in spec.aliases]
    for wording, how in wordings:
        pieces = re.split(r"(\{n\}|…)", wording)
        orders = [pieces + ["<filler>", "{n}"]] if "{n}" not in pieces else [pieces]
        if "{n}" not in pieces and spec.kind != "percent" and len(wording.replace("…", "")) >= NUMBER_FIRST:
            orders.append(["{n}", "<between>"] + pieces)  # “开展32场次普法活动”
        patterns.extend(_compile_pattern(spec, order, how, wording) for order in orders)
    return patterns


def _compile_pattern(spec: Field, pieces: list[str], how: str, wording: str) -> _Pattern:
    """Return the pattern of one order of a wording's pieces ({n}, …, <filler>, words)."""
    regex, loose, weight = "", "", 0
    for piece in pieces:
        if piece == "{n}":
            regex += number_regex(spec)
            loose += _LOOSE_NUMBER
        else:
            part = {"…": GAP, "<filler>": FILLER, "<between>": BETWEEN}.get(piece, re.escape(piece))
            regex += part
            loose += part
            weight += 0 if piece in ("…", "<filler>", "<between>") else len(piece)
    return _Pattern(spec.key, re.compile(regex), weight, how,
                    re.compile(loose) if spec.kind != "percent" else None, wording)


# --- sentences of the text templates -----------------------------------------------------------

def _sentence_patterns(text_dirs: list[Path], fields: dict[str, Field],
                       variables: dict[str, list[str]]) -> list[_SentencePattern]:
    seen: set[str] = set()
    patterns = []
    for folder in text_dirs:
        for path in sorted(folder.rglob("*.j2")):
            relative = path.relative_to(folder).as_posix()
            if relative in seen:
                continue  # shadowed by the set that extends this one
            seen.add(relative)
            try:
                source = read_template(path)[0]
            except DrafterError:
                continue
            for arguments, block in _CALL.findall(_COMMENT.sub("", source)):
                subject = _subject_text(arguments)
                if subject is None:
                    continue
                compiled = _compile_sentence(block, fields, variables, subject)
                if compiled is not None:
                    patterns.append(compiled)
    return patterns


def _subject_text(arguments: str) -> str | None:
    """Return the ``subject=`` of a sentence call as template text ("{{ area }}共有"), None if unreadable."""
    if not arguments.strip():
        return ""
    match = _SUBJECT.match(arguments)
    if not match:
        return None
    pieces = []
    for piece in (p.strip() for p in match.group(1).split("~")):
        if len(piece) >= 2 and piece[0] == piece[-1] and piece[0] in "\"'":
            pieces.append(piece[1:-1])
        elif re.fullmatch(r"\w+", piece):
            pieces.append("{{ " + piece + " }}")
        else:
            return None
    return "".join(pieces)


def _compile_sentence(block: str, fields: dict[str, Field], variables: dict[str, list[str]],
                      subject: str = "") -> _SentencePattern | None:
    groups: list[str] = []
    clauses = []
    opening = _compile_text(subject, fields, variables, groups) if subject else ""
    if opening is None:
        return None
    for line in (raw.strip() for raw in block.splitlines()):
        if not line:
            continue
        clause = _compile_clause(line, fields, variables, groups)
        if clause is None:
            return None  # a construct this reader does not know: leave the sentence to the labels
        clauses.append(clause)
    if not groups:
        return None
    regex = (f"(?:{opening})?" if opening else "") + "".join(f"(?:，?{clause})?" for clause in clauses)
    try:
        return _SentencePattern(re.compile(regex), tuple(groups))
    except re.error:
        return None


def _compile_clause(line: str, fields: dict[str, Field], variables: dict[str, list[str]],
                    groups: list[str]) -> str | None:
    """Return the regex of one clause; a clause of one figure with a ``zero`` wording also reads that."""
    before = len(groups)
    clause = _compile_clause_text(line, fields, variables, groups)
    if clause is None or len(groups) != before + 1 or not fields[groups[before]].zero:
        return clause
    key = groups[before]
    groups.append(key)
    return f"(?:{clause}|(?P<g{before + 1}>{re.escape(fields[key].zero)}))"


def _compile_clause_text(line: str, fields: dict[str, Field], variables: dict[str, list[str]],
                         groups: list[str]) -> str | None:
    lead, colon, rest = _split_outside_tags(line, "：")
    if colon and "、" in _literal_text(rest):
        pieces = _split_all_outside_tags(rest, "、")
        compiled = [_compile_text(p, fields, variables, groups) for p in pieces]
        head = _compile_text(lead, fields, variables, groups)
        if head is None or any(p is None for p in compiled):
            return None
        return head + "：?" + "".join(f"(?:、?{p})?" for p in compiled)  # the colon only marks the list
    return _compile_text(line, fields, variables, groups)


def _compile_text(text: str, fields: dict[str, Field], variables: dict[str, list[str]],
                  groups: list[str]) -> str | None:
    out, position, branches = [], 0, []
    for tag in _TAG.finditer(text):
        out.append(re.escape(text[position: tag.start()]))
        position = tag.end()
        expression, statement = tag.group(1), tag.group(2)
        if expression is not None:
            piece = _compile_expression(expression, fields, variables, groups)
            if piece is None:
                return None
            out.append(piece)
            continue
        word = statement.split()[0] if statement.split() else ""
        if word == "if":
            out.append("(?:")
            branches.append(False)
        elif word in ("elif", "else") and branches:
            out.append("|")
            branches[-1] = branches[-1] or word == "else"
        elif word == "endif" and branches:
            out.append(")" if branches.pop() else "|)")
        else:
            return None
    out.append(re.escape(text[position:]))
    return None if branches else "".join(out)


def _compile_expression(expression: str, fields: dict[str, Field], variables: dict[str, list[str]],
                        groups: list[str]) -> str | None:
    match = re.fullmatch(r"f\.(\w+)(?:\.(\w+))?", expression)
    if match:
        spec = fields.get(match.group(1))
        if spec is None:
            return None
        attribute = match.group(2)
        if attribute in ("change", "change_percent", "last_year"):
            return _CHANGE if attribute != "last_year" else r"[^，。；]{1,16}?"
        name = f"g{len(groups)}"
        groups.append(spec.key)
        number = rf"{_NUMBER}(?:万|亿)?(?:余|多|以上|左右)?"
        unit = "" if attribute == "n" else re.escape(spec.shown_unit)
        return rf"(?P<{name}>{number}{unit})"
    name = expression.split("|")[0].strip()
    if name in variables and variables[name]:
        return "(?:" + "|".join(re.escape(v) for v in sorted(variables[name], key=len, reverse=True)) + ")"
    if re.fullmatch(r"\w+(\.\w+)*", name):
        return r"[^，。；]{0,16}?"
    return None


def compile_template_text(source: str, variables: dict[str, list[str]]) -> re.Pattern[str] | None:
    """Return a regex of what a text template writes, its variables standing for the given values.

    Comments and line breaks are left out; None when the template uses what this reader does not know.
    """
    text = re.sub(r"\s*\n\s*", "", _COMMENT.sub("", source))
    compiled = _compile_text(text, {}, variables, [])
    try:
        return re.compile(compiled) if compiled is not None else None
    except re.error:
        return None


def _literal_text(text: str) -> str:
    return _TAG.sub("", text)


def _split_outside_tags(text: str, mark: str) -> tuple[str, str, str]:
    depth = 0
    for index, ch in enumerate(text):
        if text.startswith(("{{", "{%"), index):
            depth += 1
        elif text.startswith(("}}", "%}"), index):
            depth -= 1
        elif ch == mark and depth == 0:
            return text[:index], mark, text[index + 1:]
    return text, "", ""


def _split_all_outside_tags(text: str, mark: str) -> list[str]:
    pieces = []
    while True:
        head, found, text = _split_outside_tags(text, mark)
        pieces.append(head)
        if not found:
            return pieces
