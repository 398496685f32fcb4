"""Jinja's syntax errors in Chinese: a clerk editing a text template reads no English.

Jinja words its errors in a handful of sentence shapes; each shape is one pattern
here, its token names written as the characters the clerk typed (``}}`` for "end
of print statement"). A message no pattern knows keeps Jinja's words after a
Chinese lead, so nothing the clerk needs is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import jinja2

# Jinja's token descriptions (lexer.describe_token_expr) as the clerk sees them in the template.
_TOKENS = {
    "end of print statement": "}}",
    "begin of print statement": "{{",
    "end of statement block": "%}",
    "begin of statement block": "{%",
    "end of template": "模板结尾",
    "name": "一个名称",
    "integer": "一个整数",
    "float": "一个小数",
    "string": "一段文字",
}


def _token(text: str) -> str:
    return _TOKENS.get(text, text)


def _tags(listing: str) -> str:
    """Return ``'elif' or 'else' or 'endif'`` as ``{% elif %}、{% else %} 或 {% endif %}``."""
    names = re.findall(r"'([^']+)'", listing)
    shown = [f"{{% {name} %}}" for name in names]
    return shown[0] if len(shown) == 1 else "、".join(shown[:-1]) + f" 或 {shown[-1]}"


def _unknown_tag(match: re.Match[str]) -> str:
    tag, looking, inner = match.group("tag"), match.group("looking"), match.group("inner")
    message = f"不认识的标签“{{% {tag} %}}”"
    joined = f"（块的结尾要连写成一个词，如 {{% end{inner} %}}）" if tag == "end" and inner else ""
    if looking and inner:
        return message + f"；这里还在“{inner}”块中，应是 {_tags(looking)}{joined}"
    if looking:
        return message + f"；这里应是 {_tags(looking)}"
    if tag.startswith("end") and len(tag) > 3:
        return message + f"：前面没有与它对应的 {{% {tag[3:]} … %}}"
    return message + "（常用的标签有 if、for、set、macro、call，以及结束它们的 endif、endfor……）"


def _unexpected_end(match: re.Match[str]) -> str:
    looking, inner = match.group("looking"), match.group("inner")
    message = "模板意外结束"
    if inner:
        return message + f"：“{inner}”块没有结束，缺少 {_tags(looking)}"
    return message + (f"：缺少 {_tags(looking)}" if looking else "")


def _nesting(match: re.Match[str]) -> str:
    tag, looking, inner = match.group("tag"), match.group("looking"), match.group("inner")
    return (f"“{{% {tag} %}}”来得太早：前面的“{inner}”块还没有结束，先要有 {_tags(looking)}"
            f"（多半是上面某个 {{% {inner} … %}} 少写了 {{% end{inner} %}}）")


_SHAPES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^Encountered unknown tag '(?P<tag>[^']*)'\. You probably made a nesting mistake\. Jinja is "
                r"expecting this tag, but currently looking for (?P<looking>.*?)\. The innermost block that needs "
                r"to be closed is '(?P<inner>[^']*)'\.$"),
     _nesting),
    (re.compile(r"^Encountered unknown tag '(?P<tag>[^']*)'\.(?: Jinja was looking for the following tags?: "
                r"(?P<looking>.*?)\.)?(?: The innermost block that needs to be closed is '(?P<inner>[^']*)'\.)?$"),
     _unknown_tag),
    (re.compile(r"^Unexpected end of template\.(?: Jinja was looking for the following tags?: (?P<looking>.*?)\.)?"
                r"(?: The innermost block that needs to be closed is '(?P<inner>[^']*)'\.)?$"),
     _unexpected_end),
    (re.compile(r"^unexpected end of template, expected '(?P<want>.*)'\.?$"),
     lambda m: f"模板意外结束：缺少“{_token(m.group('want'))}”"),
    (re.compile(r"^expected token '(?P<want>.*)', got '(?P<got>.*)'$"),
     lambda m: f"这里应是“{_token(m.group('want'))}”，却是“{_token(m.group('got'))}”"),
    (re.compile(r"^Expected an expression, got '(?P<got>.*)'$"),
     lambda m: f"这里缺少内容（变量、数字或文字），却是“{_token(m.group('got'))}”"),
    (re.compile(r"^unexpected '(?P<got>.*)', expected '(?P<want>.*)'$"),
     lambda m: f"这里应是“{_token(m.group('want'))}”，却是“{_token(m.group('got'))}”"),
    (re.compile(r"^unexpected '(?P<got>.*)'$"),
     lambda m: f"这里不该出现“{_token(m.group('got'))}”"),
    (re.compile(r"^unexpected char (?P<q>['\"])(?P<char>.*)(?P=q) at \d+$"),
     lambda m: f"这里不该出现字符“{m.group('char')}”"
               + ("（文字要用成对的引号括起来）" if m.group("char") in "'\"" else "")),
    (re.compile(r"^expected name or number$"),
     lambda m: "“.”后面应是一个名称或数字，这里却没有（多写了一个“.”？）"),
    (re.compile(r"^Missing end of comment tag$"), lambda m: "注释“{#”没有用“#}”结束"),
    (re.compile(r"^tag name expected$"), lambda m: "“{%”后面缺少标签名，如 {% if … %}"),
    (re.compile(r"^No filter named '(?P<name>[^']*)'\.?$"),
     lambda m: f"没有名为“{m.group('name')}”的过滤器（“|”后面的名称）"),
    (re.compile(r"^No test named '(?P<name>[^']*)'\.?$"),
     lambda m: f"没有名为“{m.group('name')}”的判断（“is”后面的名称）"),
    (re.compile(r"^block '(?P<name>[^']*)' defined twice$"),
     lambda m: f"块“{m.group('name')}”定义了两次"),
)


def syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    """Return ``exc`` as the Chinese message a clerk reads, starting with 模板语法错误."""
    text = " ".join(str(exc.message or "").split())
    for pattern, words in _SHAPES:
        match = pattern.match(text)
        if match:
            return f"模板语法错误：{words(match)}"
    return f"模板语法错误（Jinja 的说明：{text}）"
