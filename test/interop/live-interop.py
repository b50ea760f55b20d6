#!/usr/bin/python3
"""Live interoperability test: the simulated IPsec router and NAT of
examples/ipsec-nat-live against a real strongSwan charon.

For each scenario the harness
  1. creates a network namespace with a unique name, a TAP device in it
     (the emulated link; the simulation opens it) and a veth pair carrying
     the real side's LAN address 10.2.0.1;
  2. starts one charon in that namespace (its own mount namespace with a
     private /run for the pid file) with a per-run strongswan.conf and
     swanctl.conf: IKEv1 Main Mode, PSK, aes128-sha256-modp2048, ESP
     aes128-sha256 without PFS, ESP in user space (kernel-libipsec), short
     NAT keep-alive, Dead Peer Detection;
  3. starts the simulation in the namespace, initiates from the chosen side,
     pings and sends UDP through the tunnel from the real side while the
     simulated host sends UDP to the real side;
  4. checks: IKE and CHILD SA up on both sides with the same SPIs and UDP
     encapsulation (swanctl --list-sas against our show crypto), the same
     NAT-T detection outcome on both sides, traffic both ways, keepalives
     from the side behind the NAT, DPD answered, the capture decrypts in tshark with the
     key files the simulation exported, and (nat-timeout scenario) that a
     NAT timeout below the keep-alive interval loses inbound traffic;
  5. tears down everything it created, by name and PID, also on failure or
     a signal.

Every wait is bounded. Exit status: 0 all passed, 1 a check failed, 77
(ctest SKIP_RETURN_CODE) when the machine cannot run it (not root, no
network namespaces, no /dev/net/tun, strongSwan not installable), with a
loud SKIPPED line saying why.

Usage: live-interop.py --binary build/examples/ipsec-nat-live [--keep DIR]
                       [--list] [scenario ...]
"""

import argparse
import atexit
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
PSK = "lab-psk-not-a-secret"
NS_PREFIX = "ipsecnat-"
CHARON = "/usr/lib/ipsec/charon"
SWANCTL = "/usr/sbin/swanctl"
PACKAGES = ["strongswan-charon", "strongswan-swanctl", "libcharon-extra-plugins", "iputils-ping"]
REAL_LAN_HOST = "10.2.0.1"
SIM_HOST = "10.1.0.2"
PUSH_PORT = 7000
ECHO_PORT = 9

# name: (NAT placement, who initiates, NAT UDP timeout, charon keep-alive,
#        does the late datagram to the peer behind the NAT arrive?)
SCENARIOS = {
    "sim-initiator-nat-sim": ("sim", "sim", 15, 5, True),
    "real-initiator-nat-sim": ("sim", "real", 15, 5, True),
    "sim-initiator-nat-real": ("real", "sim", 15, 5, True),
    "real-initiator-nat-real": ("real", "real", 15, 5, True),
    # The simulated NAT forgets the real peer's mapping (5 s) long before the
    # peer's keep-alive (60 s) would refresh it: the simulated host's late
    # datagram towards the real LAN is lost at the NAT.
    "nat-timeout": ("real", "real", 5, 60, False),
    # The simulated router rekeys phase 2 (lifetime 20 s: a new Quick Mode at
    # 85-90% of it) and runs its own Dead Peer Detection towards charon.
    "rekey-dpd": ("sim", "sim", 15, 5, True),
}
EXTRA_SIM_FLAGS = {"rekey-dpd": ["--ipsecLifetime=20", "--dpd=8"]}

# Timeline (seconds after the simulation started; simulated = wall clock).
DURATION = 34
UDP_START = 8  # the simulated host sends one datagram a second from here ...
UDP_COUNT = 5
UDP_LATE = 28  # ... and one more after an idle period (keepalives only)
LATE_SIZE = 100  # the late datagram's size, to tell it apart (others: 64)
ACTIVE_UNTIL = 13  # the real side pings once a second until here, then all is idle
LIST_SAS_AT = 25
LATE_PING_AT = 30  # after the late datagram: re-opens the mapping if it was lost

_cleanups = []


def log(msg):
    print(msg, flush=True)


def run(cmd, timeout=30, check=False, ns=None, stderr=subprocess.STDOUT, **kw):
    """Run a command (in namespace ns), bounded in time; return CompletedProcess."""
    if ns:
        cmd = ["ip", "netns", "exec", ns] + cmd
    try:
        return subprocess.run(
            cmd,
            timeout=timeout,
            check=check,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            **kw,
        )
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return subprocess.CompletedProcess(cmd, 124, out + "\n(timed out)")


_skip_note = None


def skip(reason):
    text = "SKIPPED: live strongSwan interop test: " + reason
    log("=" * 72)
    log(text)
    log("=" * 72)
    if _skip_note:
        # ctest shows a skipped test without its output; make test prints this.
        with open(_skip_note, "w") as f:
            f.write(text + "\n")
    sys.exit(SKIP)


# ---------------------------------------------------------------- clean-up


def cleanup_all():
    while _cleanups:
        fn = _cleanups.pop()
        try:
            fn()
        except Exception as e:  # keep cleaning up
            log("cleanup: %s" % e)


def on_signal(signum, frame):
    log("signal %d: cleaning up" % signum)
    cleanup_all()
    sys.exit(1)


def stop_process(proc, name, grace=5):
    """Terminate a process we started, by PID; bounded."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        log("%s (pid %d) did not stop, killing it" % (name, proc.pid))
        proc.kill()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            log("%s (pid %d) survived SIGKILL" % (name, proc.pid))


def delete_namespace(ns):
    # Any process still in it is ours: kill those by PID before deleting.
    pids = run(["ip", "netns", "pids", ns], timeout=10).stdout.split()
    for pid in pids:
        if pid.isdigit():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
    run(["ip", "netns", "delete", ns], timeout=10)


def remove_stale_namespaces():
    """Namespaces left by a run of this harness that was killed (its PID is gone)."""
    out = run(["ip", "netns", "list"], timeout=10).stdout
    for line in out.splitlines():
        name = line.split()[0] if line.split() else ""
        m = re.match(re.escape(NS_PREFIX) + r"(\d+)-", name)
        if m and not os.path.exists("/proc/%s" % m.group(1)):
            log("removing stale namespace %s (its harness, pid %s, is gone)" % (name, m.group(1)))
            delete_namespace(name)
    tmp = tempfile.gettempdir()
    for entry in os.listdir(tmp):
        m = re.match(r"ipsec-nat-live-(\d+)-", entry)
        if m and not os.path.exists("/proc/%s" % m.group(1)):
            shutil.rmtree(os.path.join(tmp, entry), ignore_errors=True)


# ---------------------------------------------------------------- prerequisites


def prerequisites():
    if os.geteuid() != 0:
        skip("needs root (network namespaces, TAP devices)")
    if not os.path.exists("/dev/net/tun"):
        skip("/dev/net/tun does not exist (no TUN/TAP support)")
    if shutil.which("ip") is None:
        skip("iproute2 ('ip') is not installed")
    probe = NS_PREFIX + "%d-probe" % os.getpid()
    r = run(["ip", "netns", "add", probe], timeout=10)
    if r.returncode != 0:
        skip("cannot create a network namespace: " + r.stdout.strip())
    try:
        r = run(["ip", "tuntap", "add", "dev", "probe0", "mode", "tap"], ns=probe, timeout=10)
        if r.returncode != 0:
            skip("cannot create a TAP device: " + r.stdout.strip())
        r = run(["ip", "link", "add", "p0", "type", "veth", "peer", "name", "p1"], ns=probe)
        if r.returncode != 0:
            skip("cannot create a veth pair: " + r.stdout.strip())
    finally:
        delete_namespace(probe)
    if not (os.path.exists(CHARON) and os.path.exists(SWANCTL) and os.path.exists(
            "/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so") and shutil.which("ping")):
        log("strongSwan or ping missing: installing %s" % " ".join(PACKAGES))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                 "-o", "DPkg::Lock::Timeout=120"] + PACKAGES, timeout=600, env=env)
        if r.returncode != 0:
            skip("strongSwan is not installed and apt-get failed: " + r.stdout.strip()[-500:])
    if shutil.which("tshark") is None:
        skip("tshark is not installed (make deps installs it)")


# ---------------------------------------------------------------- one scenario


class Scenario:
    def __init__(self, name, binary, work):
        self.name = name
        self.binary = binary
        self.nat, self.initiator, self.nat_timeout, self.keep_alive, self.late_arrives = SCENARIOS[
            name]
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        tag = "%d-%s" % (os.getpid(), secrets.token_hex(2))
        self.ns = NS_PREFIX + tag
        self.tap = "tap" + tag.replace("-", "")[-11:]  # IFNAMSIZ: at most 15 characters
        self.vici = "unix://" + os.path.join(self.dir, "charon.vici")
        if self.nat == "sim":
            # The real peer is outside the simulated NAT.
            self.local, self.prefix, self.gateway, self.remote = (
                "172.30.0.2", 24, None, "172.30.0.1")
        else:
            # The real peer is inside: default route via the simulated NAT.
            self.local, self.prefix, self.gateway, self.remote = (
                "192.168.77.2", 24, "192.168.77.1", "172.30.0.2")
        # charon's Dead Peer Detection (RFC 3706) while the tunnel is idle; not
        # in the nat-timeout scenario, where its R-U-THEREs would keep the
        # mapping alive.
        self.dpd = 10 if self.late_arrives else 0
        self.passed = 0
        self.failed = 0
        self.procs = []

    # -- results
    def check(self, ok, what):
        if ok:
            self.passed += 1
            log("PASS: %s: %s" % (self.name, what))
        else:
            self.failed += 1
            log("FAIL: %s: %s" % (self.name, what))
        return ok

    # -- set-up
    def sh(self, *cmd, timeout=15):
        r = run(list(cmd), ns=self.ns, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(cmd), r.stdout.strip()))
        return r.stdout

    def setup_namespace(self):
        r = run(["ip", "netns", "add", self.ns], timeout=10)
        if r.returncode != 0:
            raise RuntimeError("ip netns add %s: %s" % (self.ns, r.stdout.strip()))
        _cleanups.append(lambda: delete_namespace(self.ns))
        self.sh("ip", "link", "set", "lo", "up")
        self.sh("ip", "tuntap", "add", "dev", self.tap, "mode", "tap")
        self.sh("ip", "addr", "add", "%s/%d" % (self.local, self.prefix), "dev", self.tap)
        self.sh("ip", "link", "set", self.tap, "up")
        # The real side's LAN: an address on a veth, as a host behind the gateway.
        self.sh("ip", "link", "add", "lan0", "type", "veth", "peer", "name", "lan1")
        self.sh("ip", "addr", "add", REAL_LAN_HOST + "/24", "dev", "lan0")
        self.sh("ip", "link", "set", "lan0", "up")
        self.sh("ip", "link", "set", "lan1", "up")
        if self.gateway:
            self.sh("ip", "route", "add", "default", "via", self.gateway)
        for key in ("all", "default"):
            self.sh("sysctl", "-qw", "net.ipv4.conf.%s.rp_filter=0" % key)

    def write_configs(self):
        conf = os.path.join(self.dir, "strongswan.conf")
        with open(conf, "w") as f:
            f.write("""# per-run strongswan.conf written by test/interop/live-interop.py
charon {
  load_modular = no
  load = random nonce aes sha1 sha2 md5 hmac gmp kdf pem pkcs1 pubkey kernel-libipsec kernel-netlink socket-default vici
  keep_alive = %ds
  retransmit_timeout = 2.0
  retransmit_tries = 3
  install_virtual_ip = no
  plugins {
    vici { socket = %s }
    socket-default { use_ipv6 = no }
  }
  filelog {
    live {
      path = %s
      time_format = %%T
      default = 1
      ike = 2
      knl = 2
      net = 2
      esp = 2
      cfg = 1
    }
  }
}
swanctl { socket = %s }
""" % (self.keep_alive, self.vici, os.path.join(self.dir, "charon.log"), self.vici))
        self.strongswan_conf = conf
        self.swanctl_conf = os.path.join(self.dir, "swanctl.conf")
        with open(self.swanctl_conf, "w") as f:
            f.write("""# per-run swanctl.conf written by test/interop/live-interop.py
connections {
  live {
    version = 1
    aggressive = no
    local_addrs = %s
    remote_addrs = %s
    proposals = aes128-sha256-modp2048
    encap = no
    dpd_delay = %ds
    rekey_time = 4h
    local {
      auth = psk
      id = %s
    }
    remote {
      auth = psk
    }
    children {
      net {
        local_ts = 10.2.0.0/24
        remote_ts = 10.1.0.0/24
        # Quick Mode without PFS: no DH group. HMAC-SHA-256 is truncated to
        # 128 bits (RFC 4868), as the simulated router does.
        esp_proposals = aes128-sha256
        mode = tunnel
        start_action = none
        rekey_time = 1h
      }
    }
  }
}
secrets {
  ike-live {
    secret = "%s"
  }
}
""" % (self.local, self.remote, self.dpd, self.local, PSK))

    def start(self, name, cmd, output, env=None):
        f = open(os.path.join(self.dir, output), "w")
        p = subprocess.Popen(["ip", "netns", "exec", self.ns] + cmd, stdout=f,
                             stderr=subprocess.STDOUT, env=env, start_new_session=True)
        f.close()
        self.procs.append((name, p))
        _cleanups.append(lambda: stop_process(p, name))
        return p

    def swanctl(self, *args, timeout=20):
        return run([SWANCTL] + list(args) + ["--uri", self.vici], ns=self.ns, timeout=timeout,
                   stderr=subprocess.DEVNULL)

    def start_charon(self):
        env = dict(os.environ, STRONGSWAN_CONF=self.strongswan_conf)
        # A private /run: charon's pid file is fixed at /var/run/charon.pid,
        # and concurrent runs must not see each other's.
        self.charon = self.start(
            "charon",
            ["unshare", "--mount", "--propagation", "private", "sh", "-c",
             "mount -t tmpfs tmpfs /run && exec %s" % CHARON],
            "charon.out", env=env)
        sock = self.vici[len("unix://"):]
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.charon.poll() is not None:
                raise RuntimeError("charon exited: " + self.read("charon.out")[-800:])
            if os.path.exists(sock) and self.swanctl("--stats", timeout=5).returncode == 0:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("charon's vici socket did not appear within 20 s")
        r = self.swanctl("--load-all", "--noprompt", "--file", self.swanctl_conf)
        if r.returncode != 0:
            raise RuntimeError("swanctl --load-all: " + r.stdout)
        log("%s: charon pid %d up, configuration loaded" % (self.name, self.charon.pid))

    def read(self, name):
        try:
            with open(os.path.join(self.dir, name)) as f:
                return f.read()
        except OSError:
            return ""

    # -- traffic from the real side (small Python programs run in the namespace)
    def start_listener(self):
        code = """
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("%s", %d))
s.settimeout(0.5)
end = time.time() + %d
while time.time() < end:
    try:
        data, src = s.recvfrom(2048)
    except socket.timeout:
        continue
    print(len(data), src[0], flush=True)
""" % (REAL_LAN_HOST, PUSH_PORT, DURATION + 10)
        self.listener = self.start("listener", ["/usr/bin/python3", "-c", code], "pushes.txt")

    def udp_echo(self, count=5):
        code = """
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("%s", 0))
s.settimeout(1.0)
got = 0
for i in range(%d):
    s.sendto(b"live-interop %%d" %% i, ("%s", %d))
    try:
        data, src = s.recvfrom(2048)
        got += data.startswith(b"live-interop")
    except socket.timeout:
        pass
    time.sleep(0.3)
print(got)
""" % (REAL_LAN_HOST, count, SIM_HOST, ECHO_PORT)
        r = run(["/usr/bin/python3", "-c", code], ns=self.ns, timeout=count * 2 + 10)
        try:
            return int(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            log(r.stdout)
            return 0

    def ping(self, count, interval=0.3):
        """Ping the simulated host from the real LAN; return (sent, received)."""
        r = run(["ping", "-n", "-c", str(count), "-i", str(interval), "-W", "2", "-I",
                 REAL_LAN_HOST, SIM_HOST], ns=self.ns, timeout=count * (interval + 2) + 10)
        m = re.search(r"(\d+) packets transmitted, (\d+) received", r.stdout)
        return (int(m.group(1)), int(m.group(2))) if m else (count, 0)

    # -- the run
    def sleep_until(self, t):
        delay = self.t0 + t - time.time()
        if delay > 0:
            time.sleep(delay)

    def child_installed(self):
        raw = self.swanctl("--list-sas", "--raw", timeout=10).stdout
        return "state=INSTALLED" in raw, raw

    def execute(self):
        self.setup_namespace()
        self.write_configs()
        self.start_charon()
        self.start_listener()
        sim_out = os.path.join(self.dir, "sim")
        args = [self.binary, "--tap=" + self.tap, "--nat=" + self.nat,
                "--initiator=" + self.initiator, "--natTimeout=%d" % self.nat_timeout,
                "--keepalive=5", "--duration=%d" % DURATION, "--udpStart=%d" % UDP_START,
                "--udpCount=%d" % UDP_COUNT, "--udpLate=%d" % UDP_LATE,
                "--udpLateSize=%d" % LATE_SIZE, "--udpPort=%d" % PUSH_PORT, "--psk=" + PSK,
                "--outDir=" + sim_out] + EXTRA_SIM_FLAGS.get(self.name, [])
        log("%s: %s" % (self.name, " ".join(args)))
        self.t0 = time.time()
        self.sim = self.start("simulation", args, "sim.log")
        # The simulation is running once the TAP has a carrier and it said so;
        # the timeline counts from then (a slow start, e.g. under the
        # sanitizers, must not shift the harness's steps before the simulation's).
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.sim.poll() is not None:
                raise RuntimeError("simulation exited early: " + self.read("sim.log")[-1500:])
            if (": running" in self.read("sim.log")
                    and "LOWER_UP" in run(["ip", "link", "show", self.tap], ns=self.ns).stdout):
                self.t0 = time.time()
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("the simulation did not attach to %s within 20 s" % self.tap)

        # Phase 1 and 2: the real side initiates (retrying: the first attempt
        # may race the simulation's start), or waits for the simulated router.
        installed, raw = False, ""
        if self.initiator == "real":
            for attempt in range(3):
                r = self.swanctl("--initiate", "--child", "net", "--timeout", "10", timeout=15)
                installed, raw = self.child_installed()
                if installed:
                    break
                log("%s: initiate attempt %d failed:\n%s" % (self.name, attempt + 1,
                                                            r.stdout[-1500:]))
                time.sleep(1)
        else:
            deadline = time.time() + 15
            while time.time() < deadline and not installed:
                time.sleep(0.5)
                installed, raw = self.child_installed()
        self.check(installed, "CHILD SA installed in charon (%s initiated) after %.1f s" %
                   (self.initiator, time.time() - self.t0))
        if not installed:
            return

        # Traffic from the real side, both ways through the tunnel.
        self.pings = self.ping(5)[1]
        self.echoes = self.udp_echo(5)
        # Traffic once a second (which keeps every NAT mapping fresh) while
        # the simulated host sends its datagrams, then nothing.
        self.active = self.ping(max(1, int(self.t0 + ACTIVE_UNTIL - time.time())), interval=1)
        self.sleep_until(LIST_SAS_AT)
        self.list_sas = self.swanctl("--list-sas", "--raw", timeout=10).stdout
        self.list_sas_text = self.swanctl("--list-sas", timeout=10).stdout
        with open(os.path.join(self.dir, "list-sas.txt"), "w") as f:
            f.write(self.list_sas_text + "\n" + self.list_sas)
        self.sleep_until(LATE_PING_AT)
        self.late_pings = self.ping(2)[1]
        # The simulation ends by itself after DURATION seconds.
        try:
            self.sim.wait(timeout=max(1, self.t0 + DURATION + 20 - time.time()))
        except subprocess.TimeoutExpired:
            self.check(False, "simulation ended within %d s" % (DURATION + 20))
            return
        self.check(self.sim.returncode == 0, "simulation exit status %d" % self.sim.returncode)
        self.stop_all()
        self.verify()

    def stop_all(self):
        for name, p in reversed(self.procs):
            stop_process(p, name)

    # -- checks
    def verify(self):
        sim_dir = os.path.join(self.dir, "sim")
        summary = dict(
            line.split("=", 1) for line in self.read("sim/summary.txt").split() if "=" in line)
        show = self.read("sim/show-crypto.txt")
        raw = self.list_sas
        behind_nat_real = self.nat == "real"

        # IKE SA and CHILD SA on both sides.
        self.check("state=ESTABLISHED" in raw and "version=1" in raw,
                   "charon: IKEv1 SA ESTABLISHED")
        self.check(int(summary.get("phase1", 0)) >= 1 and int(summary.get("phase2", 0)) >= 1,
                   "simulated router: phase 1 %s, phase 2 %s" %
                   (summary.get("phase1"), summary.get("phase2")))
        # The CHILD SA in use: charon's INSTALLED one (after a rekey the old
        # one stays, REKEYED, until it expires: IKEv1 peers keep it), our
        # current outbound SA and the inbound SA that is left at the end.
        children = re.findall(r"\{name=\S+ uniqueid=\d+ [^{}]*\}", raw)
        installed = [c for c in children if "state=INSTALLED" in c]
        spi_in = re.search(r"spi-in=([0-9a-f]{8})", installed[-1]) if installed else None
        spi_out = re.search(r"spi-out=([0-9a-f]{8})", installed[-1]) if installed else None
        ours_in = re.findall(r"inbound esp sas:\s*spi: 0x([0-9A-Fa-f]+)", show)
        ours_out = re.search(r"current outbound spi: 0x([0-9A-Fa-f]+)", show)
        if spi_in and spi_out and ours_in and ours_out:
            c_in, c_out = spi_in.group(1), spi_out.group(1)
            o_in, o_out = ours_in[-1].lower().zfill(8), ours_out.group(1).lower().zfill(8)
            self.check(c_in == o_out and c_out == o_in,
                       "SPIs agree: charon in %s out %s, ours in %s out %s" % (c_in, c_out, o_in,
                                                                              o_out))
        else:
            self.check(False, "SPIs found in swanctl --list-sas and show crypto ipsec sa")
        if self.name == "rekey-dpd":
            rekeyed = [c for c in children if "state=REKEYED" in c]
            self.check(int(summary.get("rekeys", 0)) >= 1 and int(summary.get("phase2", 0)) >= 2
                       and len(rekeyed) >= 1 and len(installed) == 1,
                       "phase 2 rekey: ours %s rekey(s), %s Quick Modes; charon %d REKEYED and %d "
                       "INSTALLED CHILD SA(s)" % (summary.get("rekeys"), summary.get("phase2"),
                                                  len(rekeyed), len(installed)))
        self.check("encap=yes" in raw and "Tunnel UDP-Encaps" in show,
                   "both sides UDP-encapsulate ESP (charon encap=yes, ours Tunnel UDP-Encaps)")
        self.check(re.search(r"local-port=4500", raw) is not None
                   and re.search(r"remote-port=4500", raw) is not None,
                   "charon floated IKE to UDP 4500")

        # NAT-T detection outcome agrees.
        nat_local = "nat-local=yes" in raw
        nat_remote = "nat-remote=yes" in raw
        ours = summary.get("nat_status", "?")
        # charon with kernel-libipsec needs UDP encapsulation, so it always
        # announces itself as behind a NAT (a NAT-D hash of its own address
        # that matches nothing, "NAT fake"): the simulated router then finds
        # the peer behind a NAT even when it is not.
        if behind_nat_real:
            ok = nat_local and not nat_remote and ours == "peer-behind-nat"
            want = "charon nat-local, ours peer-behind-nat"
        else:
            ok = nat_remote and not nat_local and ours == "both-behind-nat"
            want = "charon nat-remote, ours local-behind-nat plus charon's faked NAT"
        self.check(ok, "NAT detection agrees (%s): charon nat-local=%s nat-remote=%s, ours %s"
                   % (want, nat_local, nat_remote, ours))

        # Traffic both ways.
        self.check(self.pings >= 4, "ping real -> simulated host: %d/5 replies" % self.pings)
        self.check(self.echoes >= 4, "UDP echo real -> simulated host -> real: %d/5" % self.echoes)
        self.check(self.active[1] >= self.active[0] - 1,
                   "ping once a second until %d s: %d/%d replies" % (ACTIVE_UNTIL, self.active[1],
                                                                   self.active[0]))
        pushes = [l.split() for l in self.read("pushes.txt").splitlines() if l.strip()]
        early = sum(1 for p in pushes if p[0] == "64")
        late = sum(1 for p in pushes if p[0] == str(LATE_SIZE))
        self.check(early >= UDP_COUNT - 1,
                   "UDP simulated host -> real LAN: %d/%d datagrams" % (early, UDP_COUNT))

        # Keepalives from the side behind the NAT, and what the NAT did with
        # the late datagram.
        if behind_nat_real:
            ka = int(summary.get("keepalives_received", 0))
            if self.late_arrives:
                self.check(ka >= 1, "charon's NAT keepalives reached the simulated router: %d" % ka)
        else:
            ka = int(summary.get("keepalives_sent", 0))
            if self.name != "rekey-dpd":  # there, its DPD messages may be all the idle traffic
                self.check(ka >= 1, "the simulated router (behind the NAT) sent %d keepalives" % ka)
        self.keepalives = ka
        drops = int(summary.get("nat_no_mapping_drops", 0))
        if self.late_arrives:
            self.check(late == 1, "late datagram after %d s idle reached the real LAN "
                       "(keep-alive %d s < NAT timeout %d s)" %
                       (UDP_LATE - ACTIVE_UNTIL, self.keep_alive, self.nat_timeout))
            self.check(drops == 0, "NAT no-mapping drops: %d" % drops)
        else:
            self.check(late == 0 and drops >= 1,
                       "late datagram lost at the NAT (keep-alive %d s > NAT timeout %d s): "
                       "received %d, NAT no-mapping drops %d" %
                       (self.keep_alive, self.nat_timeout, late, drops))
        # Outbound traffic from the real side (re-)opens the mapping; the
        # simulated router follows the peer to its new port if it changed.
        self.check(self.late_pings >= 1,
                   "late ping real -> simulated host: %d/2" % self.late_pings)

        self.check_capture(sim_dir, behind_nat_real)

    def check_capture(self, sim_dir, behind_nat_real):
        pcap = os.path.join(sim_dir, "live.pcap")
        args = ["tshark", "-n", "-r", pcap, "-o", "esp.enable_encryption_decode:TRUE",
                "-o", "esp.enable_authentication_check:TRUE"]
        for name, table in (("esp_sa", "esp_sa"), ("ikev1_decryption_table",
                                                     "ikev1_decryption_table")):
            for line in sorted(set(self.read("sim/" + name).splitlines())):
                if line.strip():
                    args += ["-o", "uat:%s:%s" % (table, line)]
        esp = run(args + ["-Y", "esp", "-T", "fields", "-e", "esp.icv_good", "-e", "esp.protocol",
                          "-e", "udp.port"], timeout=60, stderr=subprocess.DEVNULL).stdout.splitlines()
        esp = [l.split("\t") for l in esp if l.strip()]
        good = sum(1 for l in esp if l[0] == "1")
        decrypted = sum(1 for l in esp if len(l) > 1 and l[1] != "")
        in_udp = sum(1 for l in esp if len(l) > 2 and "4500" in l[2])
        self.check(len(esp) > 0 and good == len(esp) and decrypted == len(esp)
                   and in_udp == len(esp),
                   "capture: %d ESP frames, %d decrypt with our esp_sa, %d good ICV, %d in UDP 4500"
                   % (len(esp), decrypted, good, in_udp))
        inner = run(args + ["-Y", "esp && (icmp.type == 0 || icmp.type == 8)"], timeout=60,
                    stderr=subprocess.DEVNULL)
        n_icmp = len([l for l in inner.stdout.splitlines() if l.strip()])
        self.check(n_icmp >= 8, "capture: %d decrypted frames carry the pings" % n_icmp)
        ike = run(args + ["-Y", "isakmp", "-T", "fields", "-e", "isakmp.exchangetype", "-e",
                          "isakmp.flag_e", "-e", "isakmp.id.type", "-e", "isakmp.hash"],
                  timeout=60, stderr=subprocess.DEVNULL).stdout
        rows = [l.split("\t") for l in ike.splitlines() if l.strip()]
        mm_enc = [r for r in rows if r[0] == "2" and r[1] in ("1", "True")]
        mm56 = [r for r in mm_enc if len(r) > 3 and r[2] and r[3]]
        qm = [r for r in rows if r[0] == "32"]
        qm_ok = [r for r in qm if len(r) > 3 and r[3]]
        self.check(len(mm56) == 2 and len(qm) >= 3 and len(qm_ok) == len(qm),
                   "capture: MM5/MM6 decrypt with our ikev1_decryption_table (%d with ID and "
                   "HASH), Quick Mode %d/%d with HASH" % (len(mm56), len(qm_ok), len(qm)))
        ka = run(args + ["-Y", "udpencap.nat_keepalive", "-T", "fields", "-e", "ip.src"],
                 timeout=60, stderr=subprocess.DEVNULL).stdout.split()
        want_src = self.local if behind_nat_real else "172.30.0.1"
        if self.late_arrives:
            # A received DPD message counts as activity for the simulated
            # router (the Cisco rule), so there may be just one in the idle time.
            self.check((len(ka) >= 1 or self.name == "rekey-dpd") and len(ka) == self.keepalives
                       and set(ka) <= {want_src},
                       "capture: %d NAT-keepalives (%d counted by the simulated router), all "
                       "from the side behind the NAT (%s): %s" %
                       (len(ka), self.keepalives, want_src, " ".join(sorted(set(ka)))))
        if self.dpd or self.name == "rekey-dpd":
            # RFC 3706: every R-U-THERE (36136) is answered by an R-U-THERE-ACK
            # (36137) of the other side. charon asks when it heard nothing
            # for its dpd_delay; in rekey-dpd the simulated router asks first.
            ours = "172.30.0.1" if not behind_nat_real else "172.30.0.2"
            notes = run(args + ["-Y", "isakmp.exchangetype == 5", "-T", "fields", "-e", "ip.src",
                                "-e", "isakmp.notify.msgtype"], timeout=60,
                        stderr=subprocess.DEVNULL).stdout.split("\n")
            notes = [n.split("\t") for n in notes if n.strip()]
            count = lambda src, t: sum(1 for n in notes if n[0] == src and n[1:] == [t])
            charon_asked, we_acked = count(self.local, "36136"), count(ours, "36137")
            we_asked, charon_acked = count(ours, "36136"), count(self.local, "36137")
            asker = we_asked if self.name == "rekey-dpd" else charon_asked
            self.check(asker >= 1 and we_acked == charon_asked and charon_acked == we_asked,
                       "capture: Dead Peer Detection: charon asked %d, we answered %d; we asked "
                       "%d, charon answered %d" % (charon_asked, we_acked, we_asked, charon_acked))
        sums = run(args + ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-Y",
                           "udp.port == 4500", "-T", "fields", "-e", "ip.checksum.status", "-e",
                           "udp.checksum.status"],
                   timeout=60, stderr=subprocess.DEVNULL).stdout.split("\n")
        sums = [l.split("\t") for l in sums if l.strip()]
        # status 1 = good, 2 = bad (0 = not checked: a zero UDP checksum)
        good = sum(1 for l in sums if len(l) == 2 and all(
            v == "1" for v in (l[0] + "," + l[1]).split(",")))
        self.check(len(sums) > 0 and good == len(sums),
                   "capture: IPv4 and UDP checksums good in all %d/%d UDP 4500 frames, both "
                   "directions" % (good, len(sums)))
        malformed = run(args + ["-Y", "_ws.malformed || _ws.expert.severity == error"],
                        timeout=60, stderr=subprocess.DEVNULL).stdout
        n_bad = len([l for l in malformed.splitlines() if l.strip()])
        self.check(n_bad == 0, "capture: %d malformed frames or expert errors" % n_bad)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=False, help="path of the ipsec-nat-live example")
    parser.add_argument("--keep", help="keep the run's files in this folder")
    parser.add_argument("--list", action="store_true", help="list the scenarios")
    parser.add_argument("--skip-note", help="when skipping, write the reason to this file "
                        "(removed otherwise)")
    parser.add_argument("scenarios", nargs="*", help="scenarios to run (default: all)")
    opts = parser.parse_args()
    if opts.list:
        for name, s in SCENARIOS.items():
            log("%-26s NAT in front of the %s side, %s initiates, NAT timeout %d s, "
                "charon keep-alive %d s" % (name, s[0], s[1], s[2], s[3]))
        return 0
    unknown = [s for s in opts.scenarios if s not in SCENARIOS]
    if unknown:
        log("unknown scenario(s) %s; known: %s" % (" ".join(unknown), " ".join(SCENARIOS)))
        return 2
    if not opts.binary or not os.access(opts.binary, os.X_OK):
        log("FAIL: --binary %s is not an executable ipsec-nat-live" % opts.binary)
        return 1
    binary = os.path.abspath(opts.binary)
    global _skip_note
    if opts.skip_note:
        _skip_note = opts.skip_note
        if os.path.exists(_skip_note):
            os.remove(_skip_note)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    prerequisites()
    remove_stale_namespaces()
    if opts.keep:
        work = os.path.abspath(opts.keep)
        os.makedirs(work, exist_ok=True)
    else:
        work = tempfile.mkdtemp(prefix="ipsec-nat-live-%d-" % os.getpid())
        atexit.register(lambda: shutil.rmtree(work, ignore_errors=True))
    atexit.register(cleanup_all)  # runs before the folder is removed
    passed = failed = 0
    for name in opts.scenarios or list(SCENARIOS):
        s = Scenario(name, binary, work)
        log("---- %s (namespace %s, TAP %s)" % (name, s.ns, s.tap))
        try:
            s.execute()
        except Exception as e:
            s.check(False, "harness: %s" % e)
        finally:
            if s.failed:
                for f in ("sim.log", "charon.out"):
                    log("---- %s: %s (tail)\n%s" % (name, f, s.read(f)[-3000:]))
                log("---- %s: charon.log (tail)\n%s" % (name, s.read("charon.log")[-6000:]))
            cleanup_all()
        passed += s.passed
        failed += s.failed
    if opts.keep:
        log("files kept in %s" % work)
    log("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
