//! A minimal, synchronous W3C WebDriver client for chromedriver, over a plain `TcpStream`
//! (HTTP/1.1, one request per connection), plus a tiny static file server for testing a site
//! over `http://`. Test support only: no TLS, no redirects, loopback only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The W3C web element reference key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The flags Chromium needs on these machines (closed network, no sandbox as root).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
];

fn find_binary(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    for name in names {
        for dir in dirs
            .iter()
            .map(PathBuf::as_path)
            .chain([Path::new("/usr/bin")])
        {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Chromium and chromedriver (`$CHROMIUM` / `$CHROMEDRIVER`, else on `PATH` or `/usr/bin`).
pub fn find_browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = find_binary(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    )?;
    let driver = find_binary("CHROMEDRIVER", &["chromedriver"])?;
    Some((chromium, driver))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// One HTTP/1.1 request with `Connection: close`; returns the status and the body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Accept: application/json\r\n"
    );
    if body.is_some() {
        request.push_str(&format!(
            "Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
            payload.len()
        ));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(payload.as_bytes())?;
    stream.flush()?;

    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length: Option<usize> = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().ok();
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut bytes = Vec::new();
    if chunked {
        loop {
            let mut size_line = String::new();
            reader.read_line(&mut size_line)?;
            let size = usize::from_str_radix(size_line.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            bytes.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = length {
        bytes.resize(length, 0);
        reader.read_exact(&mut bytes)?;
    } else {
        reader.read_to_end(&mut bytes)?;
    }
    Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
}

/// A chromedriver process and one browser session; both end on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Browser {
    /// Starts chromedriver and a session, with up to three tries (a port taken between
    /// choosing and binding it, a browser slow to start on a loaded machine).
    pub fn start(chromium: &Path, chromedriver: &Path, work: &Path) -> Result<Browser, String> {
        let mut errors = Vec::new();
        for attempt in 1..=3 {
            match Browser::start_once(chromium, chromedriver, work) {
                Ok(browser) => return Ok(browser),
                Err(error) => errors.push(format!("try {attempt}: {error}")),
            }
        }
        Err(errors.join("; "))
    }

    fn start_once(chromium: &Path, chromedriver: &Path, work: &Path) -> Result<Browser, String> {
        let port = free_port();
        let log = work.join("chromedriver.log");
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok((200, body)) = http(port, "GET", "/status", None)
                && body.contains("\"ready\":true")
            {
                break;
            }
            if let Ok(Some(status)) = browser.driver.try_wait() {
                return Err(format!("chromedriver exited: {status}"));
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not become ready in 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = work.join("profile");
        let _ = std::fs::remove_dir_all(&profile);
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium.to_string_lossy(), "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"pageLoad": 60000, "script": 30000, "implicit": 0},
        }}});
        let value = browser.call("POST", "/session", Some(&capabilities))?;
        browser.session = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {value}"))?
            .to_string();
        Ok(browser)
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let (status, text) =
            http(self.port, method, path, body).map_err(|e| format!("{method} {path}: {e}"))?;
        let document: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{method} {path}: bad JSON ({e}): {text}"))?;
        if status != 200 {
            return Err(format!(
                "{method} {path}: HTTP {status}: {}",
                document["value"]
            ));
        }
        Ok(document["value"].clone())
    }

    fn session_call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.session_call("POST", "/url", Some(&json!({ "url": url })))
            .map(|_| ())
    }

    pub fn back(&self) -> Result<(), String> {
        self.session_call("POST", "/back", Some(&json!({})))
            .map(|_| ())
    }

    pub fn url(&self) -> Result<String, String> {
        Ok(self
            .session_call("GET", "/url", None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    pub fn find(&self, css: &str) -> Result<String, String> {
        let value = self.session_call(
            "POST",
            "/element",
            Some(&json!({"using": "css selector", "value": css})),
        )?;
        value[ELEMENT]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no element id for {css}: {value}"))
    }

    pub fn click(&self, element: &str) -> Result<(), String> {
        self.session_call(
            "POST",
            &format!("/element/{element}/click"),
            Some(&json!({})),
        )
        .map(|_| ())
    }

    /// Types `text` into an element, key by key, as a user would.
    pub fn type_text(&self, element: &str, text: &str) -> Result<(), String> {
        self.session_call(
            "POST",
            &format!("/element/{element}/value"),
            Some(&json!({ "text": text })),
        )
        .map(|_| ())
    }

    /// Waits until `script` returns a truthy value.
    pub fn wait_for(&self, script: &str, what: &str) -> Result<Value, String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let value = self.execute(script, json!([]))?;
            if !(value.is_null() || value == json!(false) || value == json!("")) {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for {what}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn screenshot(&self, path: &Path) -> Result<(), String> {
        let value = self.session_call("GET", "/screenshot", None)?;
        let bytes = base64_decode(value.as_str().unwrap_or_default())
            .ok_or("the screenshot is not base64")?;
        std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The browser console entries since the last call: `(level, message)`.
    pub fn console(&self) -> Result<Vec<(String, String)>, String> {
        let body = json!({"type": "browser"});
        let value = self
            .session_call("POST", "/se/log", Some(&body))
            .or_else(|_| self.session_call("POST", "/log", Some(&body)))?;
        Ok(value
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or_default().to_string(),
                            e["message"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len().max(1)]);
    }
    Some(out)
}

/// Serves the files of a directory on loopback until dropped (GET only).
pub struct StaticServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("address").port();
        listener.set_nonblocking(true).expect("non-blocking");
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let _ = stream.set_nonblocking(false);
                        let _ = serve(&root, stream);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        StaticServer {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(root: &Path, stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    let safe = relative
        .split('/')
        .all(|part| !part.is_empty() && part != ".." && !part.contains('%'));
    let file = root.join(relative);
    let (status, body, kind) = match safe.then(|| std::fs::read(&file)) {
        Some(Ok(body)) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            ("200 OK", body, kind)
        }
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGVsbG8h").unwrap(), b"hello!");
        assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
        assert!(base64_decode("a*b=").is_none());
    }
}
