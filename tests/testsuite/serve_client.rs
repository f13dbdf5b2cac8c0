//! Helpers for the tests that run `trailhead serve`: the process (its log, memory and health)
//! and raw HTTP/1.1 and WebSocket clients over TCP, so requests are sent exactly as written.
#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::Fixture;

/// A `trailhead serve` process on a free port, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
    /// Everything it printed (standard output and error), line by line.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `trailhead serve` command for `f`, with the fixed date the fixtures use.
pub fn command(f: &Fixture, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trailhead"));
    cmd.args(["serve", "--root"])
        .arg(f.root())
        .args(args)
        .env("TRAILHEAD_TODAY", "2026-11-22")
        .env("NO_COLOR", "1");
    cmd
}

/// Collects the lines of `from` into `log`.
fn collect(from: impl Read + Send + 'static, log: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            log.lock().unwrap().push(line);
        }
    });
}

/// Starts `trailhead serve` for `f` on a free port with `args` and `env`, and waits until it
/// prints its address.
pub fn serve_with(f: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Server {
    let mut cmd = command(f, args);
    cmd.args(["--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    collect(child.stderr.take().unwrap(), Arc::clone(&log));
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .unwrap_or_else(|| {
                panic!(
                    "serve stopped before printing its address:\n{}",
                    log.lock().unwrap().join("\n")
                )
            })
            .unwrap();
        log.lock().unwrap().push(line.clone());
        if let Some(rest) = line.strip_prefix("Serving the preview at http://") {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    let rest = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            rest.lock().unwrap().push(line);
        }
    });
    Server { child, addr, log }
}

/// Starts `trailhead serve` for `f` on a free port.
pub fn serve(f: &Fixture, args: &[&str]) -> Server {
    serve_with(f, args, &[])
}

impl Server {
    pub fn port(&self) -> u16 {
        self.addr.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// Everything printed so far.
    pub fn printed(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Fails if the process ended or ever printed a panic.
    pub fn assert_healthy(&mut self) {
        let printed = self.printed();
        assert!(!printed.contains("panicked"), "serve panicked:\n{printed}");
        assert!(self.child.try_wait().unwrap().is_none(), "serve stopped:\n{printed}");
    }

    /// Waits until a line containing `text` is printed.
    pub fn wait_for_log(&self, text: &str, within: Duration) {
        let start = Instant::now();
        while !self.log.lock().unwrap().iter().any(|l| l.contains(text)) {
            assert!(
                start.elapsed() < within,
                "serve never printed {text:?}; it printed:\n{}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The resident memory of the process, in KiB (from /proc/PID/status).
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// GETs `path` until `done(status, body)` holds; returns the last body.
    pub fn poll(&self, path: &str, within: Duration, done: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, _, body) = get(&self.addr, path);
            let body = String::from_utf8_lossy(&body).into_owned();
            if done(status, &body) {
                return body;
            }
            assert!(
                start.elapsed() < within,
                "{path} never became as expected (last {status}):\n{body}\nserve printed:\n{}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Sends `request` as written on a new connection and reads the answer until the server closes
/// it: (status, lowercased head, body). Status 0 if nothing came back.
pub fn raw(addr: &str, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (0, String::from_utf8_lossy(&raw).into_owned(), Vec::new());
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head, raw[split + 4..].to_vec())
}

/// A GET for `path` with `Host: host`.
pub fn get_as(addr: &str, host: &str, path: &str) -> (u16, String, Vec<u8>) {
    raw(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// A plain GET, as a browser at the preview's own address sends it.
pub fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    get_as(addr, addr, path)
}

/// Asks to open the live-reload socket; returns the answer's status and the connection.
pub fn open_socket(addr: &str, origin: Option<&str>) -> (u16, TcpStream) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let origin = origin.map(|o| format!("Origin: {o}\r\n")).unwrap_or_default();
    write!(
        s,
        "GET /__trailhead/livereload HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{origin}\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, s)
}

/// One keep-alive HTTP/1.1 connection, as a load client uses it.
pub struct Conn {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
}

/// One answer read from a [`Conn`].
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Conn {
    pub fn new(addr: &str) -> Conn {
        Conn {
            addr: addr.to_owned(),
            stream: None,
        }
    }

    /// GETs `path`; a connection the server closed while idle is opened again once, as
    /// browsers do.
    pub fn get(&mut self, path: &str) -> std::io::Result<Answer> {
        let reused = self.stream.is_some();
        match self.try_get(path) {
            Ok(a) => Ok(a),
            Err(_) if reused => {
                self.stream = None;
                self.try_get(path)
            }
            Err(e) => Err(e),
        }
    }

    fn try_get(&mut self, path: &str) -> std::io::Result<Answer> {
        if self.stream.is_none() {
            let s = TcpStream::connect(&self.addr)?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            s.set_nodelay(true)?;
            self.stream = Some(BufReader::new(s));
        }
        let r = self.stream.as_mut().unwrap();
        write!(r.get_mut(), "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr)?;
        let res = read_answer(r);
        if res.is_err() {
            self.stream = None;
        }
        res
    }
}

fn read_answer(r: &mut BufReader<TcpStream>) -> std::io::Result<Answer> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed"));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("status line"))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let lower = l.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = Some(v.trim().parse::<usize>().map_err(|_| bad("content-length"))?);
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16).map_err(|_| bad("chunk size"))?;
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        body.resize(length.ok_or_else(|| bad("no length"))?, 0);
        r.read_exact(&mut body)?;
    }
    Ok(Answer { status, body })
}
