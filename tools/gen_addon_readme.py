#!/usr/bin/env python3
"""Write each addon's README.rst from its readme/*.md fragments (OCA layout).

python3 tools/gen_addon_readme.py           # rewrite README.rst files
python3 tools/gen_addon_readme.py --check   # exit 1 if one is out of date
"""

import ast
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = os.path.join(ROOT, "addons")
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
]


def render(addon):
    base = os.path.join(ADDONS, addon)
    with open(os.path.join(base, "__manifest__.py"), encoding="utf-8") as f:
        manifest = ast.literal_eval(f.read())
    title = manifest["name"]
    out = ["=" * len(title), title, "=" * len(title), ""]
    out += [
        f"|license| |version|  ``{addon}`` {manifest['version']}",
        "",
        ".. |license| replace:: License: " + manifest["license"],
        ".. |version| replace:: Odoo 18.0",
        "",
        manifest["summary"],
        "",
    ]
    for fragment, heading in SECTIONS:
        path = os.path.join(base, "readme", fragment)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read().strip()
        if heading:
            out += [heading, "=" * len(heading), ""]
        # the fragments use the Markdown subset that reads the same in RST
        out += [text.replace("`", "``").replace("````", "``"), ""]
    out += [
        "Credits",
        "=======",
        "",
        "Authors: " + manifest["author"],
        "",
        "Maintainers: " + ", ".join(manifest["maintainers"]),
        "",
    ]
    return "\n".join(out)


def main(argv):
    check = "--check" in argv
    stale = []
    for addon in sorted(os.listdir(ADDONS)):
        if not os.path.exists(os.path.join(ADDONS, addon, "__manifest__.py")):
            continue
        path = os.path.join(ADDONS, addon, "README.rst")
        text = render(addon)
        current = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                current = f.read()
        if current != text:
            stale.append(path)
            if not check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    if check and stale:
        sys.stderr.write("Out of date (run tools/gen_addon_readme.py): %s\n" % ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
