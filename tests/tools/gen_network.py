#!/usr/bin/env python3
"""gen_network.py: a large synthetic network for measuring `netsync overview`.

Usage: gen_network.py DIR [FEDERATIONS] [RECORDS_PER_FEDERATION]

Makes DIR/f00 .. DIR/fNN as git repositories, each with a profile, meeting
records (three questions each) and follow-ups referring to questions of
other federations, then, in DIR/f00 (this repository), accepts every other
federation's tip under refs/netsync/peers/<id> with a reflog entry, as
`netsync pull` would.  Deterministic (seeded), plain git only.
"""
import os, random, subprocess, sys

def git(*args, cwd, env=None):
    subprocess.run(['git', *args], cwd=cwd, check=True, env=env,
                   stdout=subprocess.DEVNULL)

def main():
    top = sys.argv[1]
    nfed = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    nrec = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    rnd = random.Random(2015)
    feds = ['f%02d' % i for i in range(nfed)]
    nmeet = nrec * 3 // 10
    env = dict(os.environ, GIT_AUTHOR_NAME='gen', GIT_AUTHOR_EMAIL='g@x',
               GIT_COMMITTER_NAME='gen', GIT_COMMITTER_EMAIL='g@x',
               GIT_AUTHOR_DATE='2015-10-30T09:00:00Z',
               GIT_COMMITTER_DATE='2015-10-30T09:00:00Z')
    for f in feds:
        d = os.path.join(top, f)
        os.makedirs(os.path.join(d, 'records', 'meetings'))
        os.makedirs(os.path.join(d, 'records', 'followups'))
        with open(os.path.join(d, 'netsync.yaml'), 'w') as out:
            out.write('federation: %s\nname: Förbund %s\nnetwork: bench\n' % (f, f))
            if f == feds[0]:
                out.write('peers:\n')
                for p in feds[1:]:
                    out.write('  - {id: %s, url: ../%s}\n' % (p, p))
        with open(os.path.join(d, 'records', f + '.yaml'), 'w') as out:
            out.write('kind: federation\nid: %s\nfederation: %s\n'
                      'name: Samordningsförbundet %s\n' % (f, f, f))
        for m in range(nmeet):
            y = 2010 + m % 8
            mid = '%d-%02d-%02d-mote-%d' % (y, 1 + m % 12, 1 + m % 28, m)
            with open(os.path.join(d, 'records', 'meetings', mid + '.yaml'), 'w') as out:
                out.write('kind: meeting\nid: %s\nfederation: %s\n'
                          'title: Möte %d i %s, med "citat" & <tecken>\n'
                          'type: network-meeting\nstart: %s\nlocation: Ort %d\n'
                          'summary: |\n  Sammanfattning av mötet.\n  Rad två.\n'
                          'questions:\n' % (mid, f, m, f, mid[:10], m))
                for q in range(3):
                    out.write('  - id: q%d\n    title: Fråga %d\n'
                              '    owner: {name: Person %d, federation: %s}\n'
                              '    focus: %s\n    due: %d-11-05\n'
                              % (q, q + 1, rnd.randrange(200),
                                 rnd.choice(feds), 'true' if q == 0 else 'false',
                                 y + 1))
                out.write('decisions:\n  - {id: d1, text: Beslut om %d}\n' % m)
        for i in range(nrec - nmeet - 1):
            t = rnd.choice(feds)
            m = rnd.randrange(nmeet)
            y = 2010 + m % 8
            mid = '%d-%02d-%02d-mote-%d' % (y, 1 + m % 12, 1 + m % 28, m)
            fid = 'uppfoljning-%d' % i
            with open(os.path.join(d, 'records', 'followups', fid + '.yaml'), 'w') as out:
                out.write('kind: followup\nid: %s\nfederation: %s\n'
                          'refers_to: %s/%s#q%d\ndate: %d-%02d-%02d\n'
                          'status: %s\nnote: Lägesrapport %d.\n'
                          % (fid, f, t, mid, rnd.randrange(3), y + 1,
                             1 + i % 12, 1 + i % 28,
                             rnd.choice(['open', 'in-progress', 'done']), i))
        git('init', '-q', '-b', 'main', cwd=d)
        git('add', '-A', cwd=d)
        git('commit', '-q', '-m', 'records', cwd=d, env=env)
    self_dir = os.path.join(top, feds[0])
    for p in feds[1:]:
        git('fetch', '-q', '../' + p, 'main', cwd=self_dir)
        oid = subprocess.run(['git', 'rev-parse', 'FETCH_HEAD'], cwd=self_dir,
                             check=True, capture_output=True,
                             text=True).stdout.strip()
        git('-c', 'core.logAllRefUpdates=always', 'update-ref', '-m', 'pull',
            'refs/netsync/peers/' + p, oid, cwd=self_dir, env=env)

if __name__ == '__main__':
    main()
