//! Guided scenarios in the page: the page is the scenario player's world, captions replace
//! the event caption, and "next"/"back" (buttons, arrows, PageDown/PageUp from a presenter
//! clicker) move between cue points.

use crate::raft::{Input, RaftSim};
use crate::ring::lab::Lab;
use crate::scenario::{self, Player, Scenario, World};
use crate::share::ClusterSpec;
use crate::sim::{Action, SimTime};
use yew::html::Scope;
use yew::prelude::*;

use super::app::{App, Msg, NodeCmd, View};
use super::i18n::{t, Lang, Text};

impl World for App {
    fn sim(&self) -> &RaftSim {
        self.timeline.sim()
    }

    fn advance_to(&mut self, t: SimTime) {
        self.run_until(t);
        self.sync_ring();
    }

    fn act(&mut self, actions: Vec<Action<Input>>) {
        self.act_now(actions);
    }

    fn restart(&mut self, seed: u64, cluster: &ClusterSpec) {
        self.params.seed = seed;
        self.config = cluster.config();
        self.params.nodes = self.config.servers;
        App::restart(self);
    }

    fn lab(&mut self) -> &mut Lab {
        &mut self.lab
    }

    fn ring_up(&mut self, name: &str, up: bool) -> Result<(), String> {
        if let Some(server) = scenario::server_named(name, self.config.servers) {
            let cmd = if up { NodeCmd::Restart } else { NodeCmd::Crash };
            self.node_command(server, cmd);
            return Ok(());
        }
        let id = self
            .lab
            .members
            .by_name(name)
            .map(|m| m.id)
            .ok_or(format!("no ring node {name}"))?;
        self.lab.set_up(id, up).map_err(|e| e.to_string())
    }
}

impl App {
    /// Open a scenario from its start; playback runs to the first cue.
    pub(super) fn start_scenario(&mut self, s: Scenario) {
        self.view = match s.view.as_str() {
            "ring" => View::Ring,
            "both" => View::Both,
            _ => View::Cluster,
        };
        let player = Player::start(s, self);
        self.scenario = Some(player);
        self.ring_changed(None);
        self.info = None;
        self.playing = true;
        self.scenario_tick(self.timeline.sim().now());
    }

    /// Apply the scenario's steps due by `target`, stopping at a cue; then run to `target`
    /// unless a cue paused playback.
    pub(super) fn scenario_tick(&mut self, target: SimTime) {
        while let Some(at) = self.scenario.as_ref().and_then(Player::next_time) {
            if at > target {
                break;
            }
            if at > self.timeline.sim().now() {
                self.run_until(at);
            }
            let mut player = self.scenario.take().expect("checked above");
            let cue = player.apply_next(self);
            self.scenario = Some(player);
            self.ring_changed(None);
            match cue {
                Ok(true) => {
                    self.playing = false;
                    return;
                }
                Ok(false) => {}
                Err(e) => self.error = Some(e),
            }
        }
        if self.playing && target > self.timeline.sim().now() {
            self.run_until(target);
        }
        self.sync_ring();
    }

    /// "Next": play on to the next cue.
    pub(super) fn next_cue(&mut self) {
        if self.scenario.as_ref().is_some_and(Player::finished) {
            return;
        }
        self.playing = true;
        self.scenario_tick(self.timeline.sim().now());
    }

    /// "Back": replay the scenario from its start up to the previous cue.
    pub(super) fn previous_cue(&mut self) {
        let Some(player) = self.scenario.take() else {
            return;
        };
        let target = player.cue_index().saturating_sub(1);
        let mut replay = Player::start(player.scenario, self);
        for _ in 0..target {
            match replay.run_to_cue(self) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => self.error = Some(e),
            }
        }
        self.scenario = Some(replay);
        self.ring_changed(None);
        self.playing = false;
        if target == 0 {
            self.next_cue();
        }
    }
}

/// The scenario picker for the header.
pub fn picker(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let current = app.scenario.as_ref().map(|p| p.scenario.id.clone());
    let options = scenario::all().into_iter().map(|s| {
        let selected = current.as_deref() == Some(s.id.as_str());
        html! { <option value={s.id.clone()} {selected}>{caption(&s.title, lang)}</option> }
    });
    let custom = current
        .as_ref()
        .filter(|id| scenario::find(id).is_none())
        .map(|id| html! { <option value={id.clone()} selected=true>{id.clone()}</option> });
    let onchange = link.callback(|e: Event| {
        let v = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default();
        Msg::PickScenario(v)
    });
    html! {
        <select class="scenario-picker" {onchange} aria-label={t(lang, Text::Scenario)} title={t(lang, Text::Scenario)}>
            <option value="" selected={current.is_none()}>{t(lang, Text::FreePlay)}</option>
            { for options }
            { for custom }
        </select>
    }
}

pub fn caption(c: &scenario::Caption, lang: Lang) -> String {
    match lang {
        Lang::En => c.en.clone(),
        Lang::Zh if c.zh.is_empty() => c.en.clone(),
        Lang::Zh => c.zh.clone(),
    }
}

/// The scenario's caption box, with back/next and where we are.
pub fn caption_box(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let Some(player) = &app.scenario else {
        return html! {};
    };
    let s = &player.scenario;
    let text = player
        .shown
        .and_then(|i| s.steps.get(i))
        .map(|st| caption(&st.caption, lang))
        .unwrap_or_else(|| t(lang, Text::ScenarioStarts).to_string());
    let (cue, cues) = (player.cue_index(), s.cues());
    let done = player.finished() && !app.playing;
    html! {
        <div class="scenario-caption" data-testid="scenario-caption" data-cue={cue.to_string()}
             data-cues={cues.to_string()} data-finished={player.finished().to_string()}>
            <div class="scenario-head">
                <strong>{caption(&s.title, lang)}</strong>
                <span class="cue-count">{format!("{cue} / {cues}")}</span>
            </div>
            <p aria-live="polite">{text}</p>
            <div class="actions">
                <button type="button" onclick={link.callback(|_| Msg::PrevCue)} disabled={cue <= 1}
                    aria-keyshortcuts="PageUp">{t(lang, Text::Back)}</button>
                <button type="button" class="next" onclick={link.callback(|_| Msg::NextCue)}
                    disabled={done || (app.playing && !player.finished())} aria-keyshortcuts="PageDown">
                    { if done { t(lang, Text::TheEnd) } else { t(lang, Text::Next) } }
                </button>
                <button type="button" onclick={link.callback(|_| Msg::PickScenario(String::new()))}>
                    {t(lang, Text::LeaveScenario)}
                </button>
            </div>
        </div>
    }
}
