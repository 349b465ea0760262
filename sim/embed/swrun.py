# swrun.py -- veripref's Python test runner (embedded in the binary; see
# pipeline/swrun.h for the C side and README.md, "Software path" for the threat model).
#
# Usage: python3 -I -S -B swrun.py JOBDIR KEY
#   JOBDIR/cand.py    the candidate program (prompt + completion)
#   JOBDIR/tests.bin  the tests, JSON, encrypted with KEY (SHA-256 counter
#                     keystream) so that other jobs' candidates, which can
#                     list the scratch root, cannot read them
#
# Three kinds of process, so that no process that decides a verdict ever runs
# candidate code:
#   supervisor  this script's main(): never runs candidate code.  It forks the
#               candidate process *before* it reads the tests, then reads and
#               unlinks them, and prints the only tagged lines on stdout.
#   candidate   loads the program once (a crash here is ok=false), then for
#               each test forks a server from that loaded state, which
#               answers calls over a socket: arguments and results cross as
#               plain data (JSON with type tags), never as objects.
#   test        one fresh fork of the supervisor per test, with a fresh
#               namespace where the candidate's functions are proxies; it runs
#               the assert (or check(candidate)) and sends its verdict to the
#               supervisor over a pipe.
# Everything the candidate side writes goes to /dev/null; a process that dies,
# exits or hangs produces no verdict, and no verdict is a failure.
import os
import sys


def _nodump():
    # Without this, a same-uid process could read our memory and fds through
    # /proc/<pid>/{mem,fd}.  Inherited by forks.
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE
    except Exception:
        pass


_TAGS = ('L', 'T', 'D', 'S', 'F', 'B', 'C')


def _refs(x, path, m, depth=0):
    """id -> path of the containers inside the arguments, so that a result
    that is (or holds) an argument object crosses as a reference to it."""
    if depth > 50 or not isinstance(x, (list, tuple, dict, set)):
        return
    if not isinstance(x, tuple) and id(x) not in m:
        m[id(x)] = path
    if isinstance(x, (list, tuple)):
        for i, v in enumerate(x):
            _refs(v, path + [i], m, depth + 1)
    elif isinstance(x, dict):
        for k, v in x.items():
            if type(k) in (int, str):
                _refs(v, path + [k], m, depth + 1)


def _enc(x, depth=0, refs=None):
    if depth > 200:
        raise ValueError('value nested too deeply')
    if x is None or x is True or x is False:
        return x
    if refs and id(x) in refs and isinstance(x, (list, dict, set)):
        return {'A': refs[id(x)]}
    t = type(x)
    if t is int or t is float or t is str:
        return x
    if isinstance(x, bool):
        return bool(x)
    if isinstance(x, int):
        return int(x)
    if isinstance(x, float):
        return float(x)
    if isinstance(x, str):
        return str(x)
    d = depth + 1
    if isinstance(x, list):
        return {'L': [_enc(v, d, refs) for v in x]}
    if isinstance(x, tuple):
        return {'T': [_enc(v, d, refs) for v in x]}
    if isinstance(x, dict):
        return {'D': [[_enc(k, d), _enc(v, d, refs)] for k, v in x.items()]}
    if isinstance(x, frozenset):
        return {'F': [_enc(v, d) for v in x]}
    if isinstance(x, set):
        return {'S': [_enc(v, d, refs) for v in x]}
    if isinstance(x, (bytes, bytearray)):
        return {'B': bytes(x).hex()}
    if isinstance(x, complex):
        return {'C': [x.real, x.imag]}
    raise TypeError('cannot pass a value of type %s between test and candidate'
                    % type(x).__name__)


def _dec_hook(o):
    if len(o) != 1:
        raise ValueError('malformed value')
    (k, v), = o.items()
    if k == 'L':
        return list(v)
    if k == 'T':
        return tuple(v)
    if k == 'D':
        return {a: b for a, b in v}
    if k == 'S':
        return set(v)
    if k == 'F':
        return frozenset(v)
    if k == 'B':
        return bytes.fromhex(v)
    if k == 'C':
        return complex(v[0], v[1])
    if k == 'A':
        return _Ref(v)
    raise ValueError('malformed value')


class _Ref:
    __slots__ = ('path',)

    def __init__(self, path):
        self.path = path


def _resolve(x, args, depth=0):
    """Replace references to argument objects by those objects."""
    if depth > 200:
        raise ValueError('value nested too deeply')
    if isinstance(x, _Ref):
        p = x.path
        if not isinstance(p, list) or not p or type(p[0]) is not int:
            raise ValueError('malformed reference')
        o = args[p[0]]
        for k in p[1:]:
            o = o[k]
        return o
    t = type(x)
    if t is list:
        return [_resolve(v, args, depth + 1) for v in x]
    if t is tuple:
        return tuple(_resolve(v, args, depth + 1) for v in x)
    if t is dict:
        return {k: _resolve(v, args, depth + 1) for k, v in x.items()}
    if t is set:
        return {_resolve(v, args, depth + 1) for v in x}
    return x


def _merge(o, n):
    """Update the caller's container o in place to equal n, keeping the
    identity of nested containers; False when o cannot be updated."""
    if type(o) is list and type(n) is list:
        for i in range(min(len(o), len(n))):
            if o[i] is not n[i] and not _merge(o[i], n[i]):
                o[i] = n[i]
        del o[len(n):]
        o.extend(n[len(o):])
        return True
    if type(o) is dict and type(n) is dict:
        for k in [k for k in o if k not in n]:
            del o[k]
        for k, v in n.items():
            if not (k in o and _merge(o[k], v)):
                o[k] = v
        return True
    if type(o) is set and type(n) is set:
        o.clear()
        o.update(n)
        return True
    return False


_MAXMSG = 64 << 20


def _send(sock, obj):
    import json
    data = json.dumps(obj, separators=(',', ':')).encode()
    if len(data) > _MAXMSG:
        raise ValueError('value too large')
    sock.sendall(len(data).to_bytes(8, 'little') + data)


def _recv_exact(sock, n, deadline):
    import select
    import time
    parts = []
    while n > 0:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([sock], [], [], left)[0]:
                raise _Timeout()
        b = sock.recv(min(n, 1 << 20))
        if not b:
            raise EOFError
        parts.append(b)
        n -= len(b)
    return b''.join(parts)


def _recv(sock, deadline=None):
    import json
    n = int.from_bytes(_recv_exact(sock, 8, deadline), 'little')
    if n > _MAXMSG:
        raise ValueError('message too large')
    return json.loads(_recv_exact(sock, n, deadline), object_hook=_dec_hook)


class _Timeout(BaseException):
    pass


# ---- candidate side (runs candidate code; trusted for nothing) ----

_NOFORK = None


def _no_fork():
    """Forbid fork/vfork/clone of processes (threads stay allowed) and
    opening files for writing, with a seccomp filter: RLIMIT_NPROC does not
    hold root, so this is what stops a fork bomb, and a candidate cannot fill
    the (shared, often in-memory) scratch directory with files.  os.system
    and subprocess fail with EPERM, open(..., "w") with PermissionError.  x86_64 and
    aarch64; elsewhere nothing is installed (documented).  The filter is
    built once (_no_fork_prepare, before forking) so a fresh process only
    pays two prctl calls."""
    if _NOFORK is None:
        return False
    libc, fp = _NOFORK
    if libc.prctl(38, 1, 0, 0, 0) != 0:      # PR_SET_NO_NEW_PRIVS
        return False
    return libc.prctl(22, 2, fp, 0, 0) == 0  # SECCOMP_MODE_FILTER


def _no_fork_prepare():
    global _NOFORK
    import ctypes
    import platform
    m = platform.machine()
    none = 0xffffffff
    if m in ('x86_64', 'AMD64'):
        arch, fork, vfork, clone, opn, creat, openat = 0xc000003e, 57, 58, 56, 2, 85, 257
    elif m in ('aarch64', 'arm64'):
        arch, fork, vfork, clone, opn, creat, openat = 0xc00000b7, none, none, 220, none, none, 56
    else:
        return False
    ld, jeq, jset, ret = 0x20, 0x15, 0x45, 0x06
    allow, eperm, enosys = 0x7fff0000, 0x50001, 0x50026
    wr = 0x243   # O_WRONLY | O_RDWR | O_CREAT | O_TRUNC
    prog = [
        (ld, 0, 0, 4),            # 0 arch
        (jeq, 0, 15, arch),       # 1 other arch -> allow
        (ld, 0, 0, 0),            # 2 syscall number
        (jeq, 14, 0, fork),       # 3 -> EPERM
        (jeq, 13, 0, vfork),      # 4 -> EPERM
        (jeq, 13, 0, 435),        # 5 clone3 -> ENOSYS (libc falls back to clone)
        (jeq, 12, 0, 437),        # 6 openat2 -> ENOSYS
        (jeq, 10, 0, creat),      # 7 -> EPERM
        (jeq, 4, 0, opn),         # 8 -> 13
        (jeq, 5, 0, openat),      # 9 -> 15
        (jeq, 0, 6, clone),       # 10 not clone -> allow
        (ld, 0, 0, 16),           # 11 clone flags (low word)
        (jset, 4, 5, 0x10000),    # 12 CLONE_THREAD -> allow, else EPERM
        (ld, 0, 0, 24),           # 13 open flags
        (jset, 3, 2, wr),         # 14 writing -> EPERM, else allow
        (ld, 0, 0, 32),           # 15 openat flags
        (jset, 1, 0, wr),         # 16 writing -> EPERM, else allow
        (ret, 0, 0, allow),       # 17
        (ret, 0, 0, eperm),       # 18
        (ret, 0, 0, enosys),      # 19
    ]

    class Insn(ctypes.Structure):
        _fields_ = [('code', ctypes.c_ushort), ('jt', ctypes.c_ubyte),
                    ('jf', ctypes.c_ubyte), ('k', ctypes.c_uint)]

    class Prog(ctypes.Structure):
        _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.POINTER(Insn))]

    arr = (Insn * len(prog))(*[Insn(*i) for i in prog])
    fp = Prog(len(prog), arr)
    fp._keep = arr
    _NOFORK = (ctypes.CDLL(None, use_errno=True), ctypes.byref(fp))
    return True


_PRELOAD = ('typing', 'math', 'collections', 'itertools', 'functools', 're', 'heapq',
            'bisect', 'string', 'operator', 'fractions', 'statistics', 'decimal',
            'random', 'copy', 'hashlib', 'datetime')


def _preload(src):
    # Standard modules the candidate imports, imported once here (before any
    # candidate code) instead of in every test's fresh process.  Parsing
    # does not run anything.
    import ast
    try:
        tree = ast.parse(src)
    except BaseException:
        return
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for n in names:
            if n.split('.')[0] in _PRELOAD:
                try:
                    __import__(n)
                except BaseException:
                    pass


def _candidate(ctl, code, src, null):
    """The candidate process: never loads the candidate itself; for each
    request it forks a fresh process that loads it (under _no_fork) and then
    reports the load ('L') or serves one test's calls ('S')."""
    import socket
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    _preload(src)
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(ctl, 1, 1)
        except BaseException:
            os._exit(0)
        if not msg or not fds:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            try:
                os.setpgid(0, 0)
            except OSError:
                pass
            ctl.close()
            sock = socket.socket(fileno=fds[0])
            _no_fork()
            ns = {'__name__': '__candidate__', '__builtins__': __builtins__}
            try:
                exec(code, ns)
                err = None
            except BaseException as e:
                err = '%s: %s' % (type(e).__name__, e)
            if msg == b'L':
                import types
                try:
                    if err is None:
                        names = sorted(k for k, v in ns.items()
                                       if isinstance(v, types.FunctionType) and isinstance(k, str))
                        _send(sock, ['loaded', names])
                    else:
                        _send(sock, ['loadfail', err])
                except BaseException:
                    pass
            else:
                _serve(sock, ns, err)
            os._exit(0)
        os.close(fds[0])
        try:
            ctl.sendall(pid.to_bytes(8, 'little'))
        except BaseException:
            os._exit(0)
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break


def _serve(sock, ns, err):
    while True:
        try:
            name, args, kwargs = _recv(sock)
        except BaseException:
            return
        try:
            if err is not None:
                raise RuntimeError('the candidate did not load: ' + err)
            fn = ns[name]
            r = fn(*args, **{str(k): v for k, v in kwargs.items()})
            refs = {}
            for i, a in enumerate(args):
                _refs(a, [i], refs)
            reply = ['R', _enc(r, 0, refs), _enc(list(args))]
        except BaseException as e:
            reply = ['E', type(e).__name__, str(e)[:300]]
        try:
            _send(sock, reply)
        except BaseException as e:
            try:
                _send(sock, ['E', type(e).__name__, str(e)[:300]])
            except BaseException:
                return


# ---- test side (never runs candidate code) ----

class _Proxy:
    __slots__ = ('_sock', '_name', '_deadline', '__name__')

    def __init__(self, sock, name, deadline):
        self._sock = sock
        self._name = name
        self._deadline = deadline
        self.__name__ = name

    def __call__(self, *args, **kwargs):
        import builtins
        try:
            _send(self._sock, [self._name, _enc(list(args)), _enc(kwargs)])
            reply = _recv(self._sock, self._deadline)
        except (EOFError, OSError):
            raise RuntimeError('the candidate process died')
        if reply[0] == 'R':
            # Arguments the candidate mutated in place (sort, append...),
            # then the result, where it is an argument object, is that object.
            if isinstance(reply[2], list):
                for orig, new in zip(args, reply[2]):
                    _merge(orig, new)
            return _resolve(reply[1], args)
        cls = getattr(builtins, str(reply[1]), None)
        if not (isinstance(cls, type) and issubclass(cls, Exception)):
            cls = RuntimeError
        raise cls(str(reply[2]))


def _one_line(s, n=300):
    s = ' '.join(str(s).split())
    return s[:n]


def _one_test(i, test, spec, base, names, sock):
    """Run test i with proxies over sock; returns (status, message)."""
    import signal
    import time
    timeout = spec['timeout']
    deadline = time.monotonic() + timeout

    def alarm(signum, frame):
        raise _Timeout()
    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    st, msg = 'fail', ''
    try:
        ns = dict(base)
        for n in names:
            ns[n] = _Proxy(sock, n, deadline)
        ns[spec['entry_point']] = _Proxy(sock, spec['entry_point'], deadline)
        exec(compile(test['code'], '<test %d>' % i, 'exec'), ns)
        if test.get('kind') == 'check':
            ns['check'](ns[spec['entry_point']])
        st = 'pass'
    except _Timeout:
        st, msg = 'timeout', 'timed out after %g s' % timeout
    except AssertionError as e:
        st, msg = 'fail', 'AssertionError' + (': ' + str(e) if str(e) else '')
    except BaseException as e:
        st, msg = 'fail', '%s: %s' % (type(e).__name__, e)
    signal.setitimer(signal.ITIMER_REAL, 0)
    return st, msg


def _runner(first, spec, base, names, ctl, resw, null):
    """The test runner: a fork of the supervisor (never runs candidate code)
    that runs tests first.. in order, each in a fresh namespace against a
    fresh server forked by the candidate process.  Reports "S <i> <server
    pid>" before and "R <i> <status> <message>" after each test; the
    supervisor enforces the deadlines and restarts a runner that dies."""
    import builtins
    import signal
    import socket
    import time
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    _no_fork()
    snap = dict(builtins.__dict__)

    def put(line):
        data = (line[:480] + '\n').encode()
        while data:
            data = data[os.write(resw, data):]
    for i in range(first, len(spec['tests'])):
        a, b = socket.socketpair()
        try:
            socket.send_fds(ctl, [b'S'], [b.fileno()])
            b.close()
            spid = int.from_bytes(_recv_exact(ctl, 8, time.monotonic() + 5), 'little')
        except BaseException:
            put('R %d crash the candidate process is gone' % i)
            os._exit(0)
        put('S %d %d' % (i, spid))
        st, msg = _one_test(i, spec['tests'][i], spec, base, names, a)
        a.close()
        if 1 < spid < (1 << 22):
            for p in (-spid, spid):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
        # A test that patched builtins patched them for itself only.
        bd = builtins.__dict__
        for k in [k for k in bd if k not in snap]:
            del bd[k]
        for k, v in snap.items():
            if bd.get(k) is not v:
                bd[k] = v
        put('R %d %s %s' % (i, st, _one_line(msg)))
    os._exit(0)


def _keystream_xor(data, key):
    try:
        from _sha256 import sha256  # no OpenSSL start-up cost (3.11)
    except ImportError:
        from hashlib import sha256
    n = len(data)
    ks = bytearray()
    i = 0
    kb = key.encode()
    while len(ks) < n:
        ks += sha256(kb + b':' + str(i).encode()).digest()
        i += 1
    return (int.from_bytes(data, 'little') ^ int.from_bytes(bytes(ks[:n]), 'little')).to_bytes(n, 'little')


def main():
    import socket
    import select
    import signal
    import time
    import json

    job, key = sys.argv[1], sys.argv[2]
    _nodump()
    if hasattr(sys, 'set_int_max_str_digits'):
        sys.set_int_max_str_digits(0)   # big ints cross as JSON numbers
    os.chdir(job)
    out = 1
    null = os.open(os.devnull, os.O_RDWR)
    tfd = os.open('tests.bin', os.O_RDONLY)
    os.unlink('tests.bin')
    with open('cand.py', 'rb') as f:
        src = f.read()

    _no_fork_prepare()
    # The candidate process is forked before the tests are read.
    ctl, ctl_child = socket.socketpair()
    code = None
    loadmsg = None
    try:
        code = compile(src, 'candidate.py', 'exec')
    except BaseException as e:
        loadmsg = '%s: %s' % (type(e).__name__, e)
    cpid = None
    if code is not None:
        cpid = os.fork()
        if cpid == 0:
            os.close(tfd)
            ctl.close()
            _candidate(ctl_child, code, src, null)
            os._exit(0)
    ctl_child.close()

    with os.fdopen(tfd, 'rb') as f:
        spec = json.loads(_keystream_xor(f.read(), key))
    tag = '@vp:%s:' % spec['nonce']

    def emit(s):
        # Written at once: a job killed at its deadline keeps what it has.
        data = (tag + s + '\n').encode()
        while data:
            data = data[os.write(out, data):]

    names = []
    if cpid is not None:
        try:
            a, b = socket.socketpair()
            socket.send_fds(ctl, [b'L'], [b.fileno()])
            b.close()
            lpid = int.from_bytes(_recv_exact(ctl, 8, time.monotonic() + 5), 'little')
            try:
                r = _recv(a, time.monotonic() + spec['load_timeout'])
            finally:
                a.close()
                if 1 < lpid < (1 << 22):
                    for p in (-lpid, lpid):
                        try:
                            os.kill(p, signal.SIGKILL)
                        except OSError:
                            pass
            if r[0] == 'loaded':
                names = [n for n in r[1] if isinstance(n, str) and n.isidentifier()]
                if spec['entry_point'] not in names:
                    loadmsg = "entry point '%s' is not defined" % spec['entry_point']
            else:
                loadmsg = str(r[1])
        except _Timeout:
            loadmsg = 'timed out while loading after %g s' % spec['load_timeout']
        except BaseException as e:
            loadmsg = 'the candidate process died while loading (%s)' % type(e).__name__
    if loadmsg is not None:
        emit('LOAD fail ' + _one_line(loadmsg))
    else:
        emit('LOAD ok')
        # The tests' common namespace: the prompt's imports, run once here
        # (task text, not candidate code); each test gets a copy.
        import builtins
        base = {'__name__': '__test__', '__builtins__': builtins}
        for line in spec.get('prelude', []):
            try:
                exec(line, base)
            except Exception:
                pass
        for i, r in enumerate(_run_all(spec, base, names, ctl, null)):
            emit('T %d %s' % (i, r))
    emit('DONE %d' % len(spec['tests']))
    if cpid is not None:
        try:
            os.kill(cpid, signal.SIGKILL)
        except OSError:
            pass
    os._exit(0)


def _run_all(spec, base, names, ctl, null):
    """Results of every test: runners forked in turn, a new one after a
    test that hung or killed its runner."""
    import select
    import signal
    import time
    n = len(spec['tests'])
    res = [None] * n
    i = 0
    while i < n:
        resr, resw = os.pipe()
        rpid = os.fork()
        if rpid == 0:
            os.close(resr)
            _runner(i, spec, base, names, ctl, resw, null)
            os._exit(0)
        os.close(resw)
        cur, spid, deadline, buf, dead = None, 0, None, b'', False
        while not dead:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                res[cur] = 'timeout timed out after %g s' % spec['timeout']
                break
            if not select.select([resr], [], [], left)[0]:
                continue
            chunk = os.read(resr, 65536)
            if not chunk:
                dead = True
            buf += chunk
            while b'\n' in buf:
                line, buf = buf.split(b'\n', 1)
                f = line.decode('utf-8', 'replace').split(' ', 2)
                if f[0] == 'S' and len(f) == 3:
                    cur, spid = int(f[1]), int(f[2])
                    deadline = time.monotonic() + spec['timeout'] + 1.0
                elif f[0] == 'R' and len(f) == 3:
                    res[int(f[1])] = f[2]
                    cur, deadline = None, None
        os.close(resr)
        for p in ((-spid, spid, rpid) if 1 < spid < (1 << 22) else (rpid,)):
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(rpid, 0)
        except OSError:
            pass
        if cur is not None and res[cur] is None:
            res[cur] = 'crash the test process died'
        while i < n and res[i] is not None:
            i += 1
        if i < n and cur is None:
            # the runner died between tests: blame the next one
            res[i] = 'crash the test process died'
    return res


if __name__ == '__main__':
    main()
