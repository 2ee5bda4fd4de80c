//! `ringleader lab <experiment>`: the Lab's experiments, printed as a table, CSV or JSON.

use super::Args;
use ringleader::lab::{self, limits, Experiment, Settings};

pub fn lab(rest: &[String]) -> Result<(), String> {
    let Some((name, flags)) = rest.split_first() else {
        return Err(format!("usage: ringleader lab <{}> [options]", ids()));
    };
    let experiment = Experiment::parse(name)
        .ok_or_else(|| format!("unknown experiment '{name}' (one of {})", ids()))?;
    let args = Args::parse(flags)?;
    args.reject_unknown(&["nodes", "keys", "trials", "seed", "format"])?;
    let d = experiment.defaults();
    let settings = Settings {
        nodes: args.num(
            "nodes",
            d.nodes,
            *limits::NODES.start(),
            *limits::NODES.end(),
        )?,
        keys: args.num("keys", d.keys, *limits::KEYS.start(), *limits::KEYS.end())?,
        trials: args.num(
            "trials",
            d.trials,
            *limits::TRIALS.start(),
            *limits::TRIALS.end(),
        )?,
        seed: args.num("seed", d.seed, 0, u64::MAX)?,
    };
    let table = lab::table(experiment, settings).map_err(|e| e.to_string())?;
    match args.all("format").last().map_or("table", String::as_str) {
        "table" => print!("{}", table.text()),
        "csv" => print!("{}", table.csv()),
        "json" => print!("{}", table.json()),
        other => return Err(format!("unknown format '{other}' (table, csv or json)")),
    }
    Ok(())
}

fn ids() -> String {
    Experiment::ALL.map(Experiment::id).join(", ")
}
