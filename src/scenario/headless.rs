//! A world without a page: the cluster as a timeline with the safety checker watching every
//! event, and the ring lab. The tests replay every scenario on it and check its story.

use super::World;
use crate::check::SafetyChecker;
use crate::raft::{Actor, Input, RaftSim};
use crate::ring::lab::Lab;
use crate::share::ClusterSpec;
use crate::sim::{Action, SimTime, Timeline};

pub struct Headless {
    pub seed: u64,
    pub timeline: Timeline<Actor>,
    pub checker: SafetyChecker,
    pub lab: Lab,
    servers: u8,
}

impl Headless {
    pub fn new(seed: u64) -> Headless {
        let spec = ClusterSpec::default();
        Headless {
            seed,
            timeline: Timeline::new(spec.config().build(seed)),
            checker: SafetyChecker::new(),
            lab: Lab::new(seed, u32::from(spec.servers), 100, 2_000),
            servers: spec.servers,
        }
    }

    fn sync_ring(&mut self) {
        for (id, up) in super::ring_out_of_sync(self.timeline.sim(), &self.lab, self.servers) {
            self.lab.set_up(id, up).ok();
        }
    }
}

impl World for Headless {
    fn sim(&self) -> &RaftSim {
        self.timeline.sim()
    }

    fn advance_to(&mut self, t: SimTime) {
        let checker = &mut self.checker;
        self.timeline
            .run_until_with(t, &mut |sim, ev, new| {
                if new {
                    checker.observe(sim, ev)
                }
            })
            .expect("scenarios stay within the simulation's bounds");
        self.sync_ring();
    }

    fn act(&mut self, actions: Vec<Action<Input>>) {
        for a in actions {
            self.timeline.act(a).expect("scenario actions are valid");
        }
        let now = self.timeline.sim().earliest_command_time();
        self.advance_to(now);
    }

    fn restart(&mut self, seed: u64, cluster: &ClusterSpec) {
        self.seed = seed;
        self.servers = cluster.servers;
        self.timeline = Timeline::new(cluster.config().build(self.seed));
        self.checker = SafetyChecker::new();
    }

    fn lab(&mut self) -> &mut Lab {
        &mut self.lab
    }

    fn ring_up(&mut self, name: &str, up: bool) -> Result<(), String> {
        if let Some(server) = super::server_named(name, self.servers) {
            let action = if up {
                Action::Restart(server)
            } else {
                Action::Crash(server)
            };
            self.act(vec![action]);
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
