//! The floor for the whole-process benchmark (`scripts/bench-check.sh`): a process that only
//! parses the definition files of a directory, span-less (`serde_json::Value` for JSON, libyaml's
//! document loader for YAML), and exits.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".to_string()));
    let mut nodes = 0usize;
    for name in [
        "Histograms.json",
        "histogram-allowlists.json",
        "Scalars.yaml",
        "Events.yaml",
        "Processes.yaml",
    ] {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            continue;
        };
        if name.ends_with(".json") {
            let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            nodes += value.as_object().map_or(0, |o| o.len());
        } else {
            let mut parser = libyaml_safer::Parser::new();
            let mut bytes = text.as_bytes();
            parser.set_input_string(&mut bytes);
            let document = libyaml_safer::Document::load(&mut parser).expect("valid YAML");
            nodes += document.nodes.len();
        }
    }
    println!("{nodes}");
}
