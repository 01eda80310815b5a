#!/usr/bin/env python3
"""Refreshes seclint's built-in upstream default profiles from ../shared/corpus.

moby's default.json (every release that changed it) and containers-common's seccomp.json history are
Apache-2.0 and ship in this repository (Data/upstream, with LICENSE and NOTICE). This script
 1. copies them byte for byte into Data/upstream/{moby,containers-common}/,
 2. writes Data/upstream/releases.tsv (one line per content: family, id, releases, source repo/path/commit),
 3. writes NOTICE naming the source repository and commit of every file,
 4. generates Sources/Upstream/Upstream+Generated.swift (the texts and metadata compiled into seclint),
 5. runs `swift run generate-upstream-meanings`, which rewrites Sources/Lineage/UpstreamMeanings+Generated.swift
    (the meaning table base recognition scores against) and UpstreamChanges+Generated.swift (each content's
    symbolic diff to its family's latest, for outdated-base) from the texts just generated.
Tests (UpstreamSyncTests) check that the generated Swift matches Data/upstream, and Data/upstream matches the
corpus when ../shared/corpus is present; UpstreamMeaningsSyncTests and UpstreamChangesSyncTests that the
generated Lineage tables match the texts.
Usage: Scripts/sync-upstream.py [--shared DIR] [--no-meanings]
"""
import argparse, hashlib, json, os, re, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def version_key(tag):
    """Sort key for moby tags: numbers first, a release after its pre-releases."""
    t = re.sub(r'^(docker-)?v', '', tag)
    main, _, pre = t.partition('-')
    nums = [int(x) for x in re.findall(r'\d+', main)]
    return (nums, 1 if pre in ('', 'ce') else 0, pre)


def strip(tag):
    return re.sub(r'^(docker-)?v', '', tag)


def moby_entries(corpus):
    index = json.load(open(os.path.join(corpus, 'moby', 'index.json')))
    entries = []
    for e in index:
        ga = sorted(e['ga_tags'], key=version_key)
        pre = sorted(e['prerelease_tags'], key=version_key)
        other = [o for o in e['other'] if o.startswith('profiles:')]
        names = [strip(t) for t in ga + pre] + [o.replace('profiles:seccomp/', 'profiles-') for o in other]
        source = e['sources'][0]
        first = ga[0] if ga else (pre[0] if pre else other[0])
        entries.append({
            'family': 'moby', 'id': e['file'][:-len('.json')], 'file': 'moby/' + e['file'],
            'src': os.path.join(corpus, 'moby', e['file']),
            'released': ','.join(strip(t) for t in ga), 'names': ','.join(names),
            'sortkey': version_key(first) if not first.startswith('profiles:') else ([28, 2, 0], 2, ''),
            'repo': source['repo'], 'path': source['path'], 'commit': source['commit'], 'date': '',
        })
    entries.sort(key=lambda x: x['sortkey'])
    return entries


def containers_common_entries(corpus):
    rows = []
    for line in open(os.path.join(corpus, 'PROVENANCE.md')):
        m = re.match(r'\| containers-common/seccomp\.json@(\d{4}-\d\d-\d\d)-([0-9a-f]{8})\.json \| (\S+)[^|]*\| (\S+) \| ([0-9a-f]{40})', line)
        if not m:
            continue
        date, short, repo, path, commit = m.groups()
        rows.append({
            'family': 'containers-common', 'id': date, 'file': f'containers-common/{date}.json',
            'src': os.path.join(corpus, 'containers-common', f'seccomp.json@{date}-{short}.json'),
            'released': date, 'names': f'{date},{short}', 'repo': repo, 'path': path, 'commit': commit, 'date': date,
        })
    rows.sort(key=lambda x: x['id'])
    return rows


def sha256(path):
    return hashlib.sha256(open(path, 'rb').read()).hexdigest()


def unshippable_hashes(corpus):
    """Hashes of corpus files outside the two upstream folders (their licences vary)."""
    hashes = set()
    for root, _, files in os.walk(corpus):
        relative = os.path.relpath(root, corpus).split(os.sep)[0]
        if relative in ('moby', 'containers-common'):
            continue
        for name in files:
            hashes.add(sha256(os.path.join(root, name)))
    return hashes


def swift_string(text):
    assert '"""#' not in text and '\r' not in text
    return '#"""\n' + text + '\n"""#'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--shared', default=os.path.join(os.path.dirname(ROOT), 'shared'))
    parser.add_argument('--no-meanings', action='store_true', help='do not regenerate the meaning table')
    args = parser.parse_args()
    corpus = os.path.join(args.shared, 'corpus')
    if not os.path.isdir(corpus):
        sys.exit(f'error: {corpus} not found')
    entries = moby_entries(corpus) + containers_common_entries(corpus)
    # A content that is also, byte for byte, a corpus file outside moby/ and containers-common/ (e.g. a test
    # fixture whose licence the corpus does not record) is not shipped: only the upstream defaults may be.
    elsewhere = unshippable_hashes(corpus)
    skipped = [e for e in entries if sha256(e['src']) in elsewhere]
    entries = [e for e in entries if e not in skipped]
    for e in skipped:
        print(f"not shipped: {e['file']} (byte-identical to a corpus file outside moby/ and containers-common/)")
    data = os.path.join(ROOT, 'Data', 'upstream')
    for family in ('moby', 'containers-common'):
        shutil.rmtree(os.path.join(data, family), ignore_errors=True)
        os.makedirs(os.path.join(data, family))
    for e in entries:
        shutil.copyfile(e['src'], os.path.join(data, e['file']))
        e['sha256'] = hashlib.sha256(open(e['src'], 'rb').read()).hexdigest()
    columns = ['family', 'id', 'file', 'released', 'names', 'repo', 'path', 'commit', 'sha256']
    with open(os.path.join(data, 'releases.tsv'), 'w') as out:
        out.write('\t'.join(columns) + '\n')
        for e in entries:
            out.write('\t'.join(e[c] for c in columns) + '\n')
    with open(os.path.join(data, 'NOTICE'), 'w') as out:
        out.write('seclint ships copies of these upstream seccomp profiles, unmodified, under the Apache License 2.0\n'
                  '(LICENSE in this folder). Each file names its source repository, path and commit.\n\n'
                  'moby/*.json: the default seccomp profile of the Moby project (Docker Engine),\n'
                  '  Copyright 2013-2026 Docker, Inc. and the Moby project contributors, https://github.com/moby/moby\n'
                  'containers-common/*.json: the default seccomp profile of Podman/CRI-O (containers/common,\n'
                  '  later podman-container-tools/container-libs), Copyright the containers authors.\n\n'
                  'Not shipped: contents that are also byte copies of corpus files outside these two folders (their\n'
                  'licences are not recorded there); seclint attributes their changes to the next shipped release:\n'
                  + ''.join(f"  {e['file']}\n" for e in skipped) + '\n')
        for e in entries:
            out.write(f"{e['file']}: https://github.com/{e['repo']} {e['path']} at {e['commit']}\n")
    shutil.copyfile('/usr/share/common-licenses/Apache-2.0', os.path.join(data, 'LICENSE'))
    lines = ['// Generated by Scripts/sync-upstream.py from Data/upstream — DO NOT EDIT.',
             '// The texts are byte copies of Apache-2.0 upstream profiles; see Data/upstream/NOTICE.', '',
             'extension UpstreamProfile {', '  /// Every built-in upstream default, oldest first within each family.',
             '  package static let all: [UpstreamProfile] = [']
    for e in entries:
        text = open(e['src'], encoding='utf-8').read()
        lines.append('    UpstreamProfile(')
        lines.append(f'      family: .{"moby" if e["family"] == "moby" else "containersCommon"}, id: "{e["id"]}",')
        lines.append(f'      released: {json.dumps([x for x in e["released"].split(",") if x])},')
        lines.append(f'      names: {json.dumps(e["names"].split(","))},')
        lines.append(f'      repository: "{e["repo"]}", path: "{e["path"]}", commit: "{e["commit"]}",')
        lines.append(f'      text: {swift_string(text)}),')
    lines += ['  ]', '}', '']
    with open(os.path.join(ROOT, 'Sources', 'Upstream', 'Upstream+Generated.swift'), 'w') as out:
        out.write('\n'.join(lines))
    print(f'{len(entries)} upstream profiles written to Data/upstream and Sources/Upstream/Upstream+Generated.swift')
    if not args.no_meanings:
        # The table is computed by seclint's own ProfileMeaning from the texts compiled in just above.
        env = dict(os.environ, PATH='/opt/swift/usr/bin:' + os.environ.get('PATH', ''))
        subprocess.run(['swift', 'run', 'generate-upstream-meanings', ROOT], cwd=ROOT, env=env, check=True)


if __name__ == '__main__':
    main()
