"""The template set is the report type: finding a set, following ``extends``, loading its
structure, layout, phrases and text templates once, checking it, and copying it for editing."""

from .finding import DEFAULT_SET, builtin_names, builtin_root, set_reference
from .loaded import LoadedSets, TemplateSet, find_template_set
from .loading import load_structure

__all__ = ["DEFAULT_SET", "LoadedSets", "TemplateSet", "builtin_names", "builtin_root", "find_template_set",
           "load_structure", "set_reference"]
