//! The network model: one state per directed link, so one-way cuts and arbitrary partitions
//! are just link states. Probabilities are integer parts per million; no float decides a fate.

use super::time::Duration;
use super::NodeId;
use serde::Serialize;

pub const PPM: u32 = 1_000_000;

/// Settings that apply to every link unless a link overrides them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct NetConfig {
    pub latency_min: Duration,
    pub latency_max: Duration,
    /// Chance that a message is lost, in parts per million.
    pub loss_ppm: u32,
    /// Chance that a message is delivered twice, in parts per million.
    pub duplicate_ppm: u32,
}

impl Default for NetConfig {
    /// RaftScope-like teaching defaults: a message takes 10–20 ms, nothing is lost.
    fn default() -> Self {
        NetConfig {
            latency_min: Duration::from_millis(10),
            latency_max: Duration::from_millis(20),
            loss_ppm: 0,
            duplicate_ppm: 0,
        }
    }
}

/// The state of one directed link `from → to`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Link {
    pub cut: bool,
    /// Overrides the global latency range on this link.
    pub latency: Option<(Duration, Duration)>,
    /// Overrides the global loss on this link.
    pub loss_ppm: Option<u32>,
}

/// All links of a network of `n` nodes, as an `n × n` table (the diagonal is unused: a node's
/// messages to itself are never sent through the network).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Network {
    n: u8,
    links: Vec<Link>,
    pub config: NetConfig,
}

impl Network {
    pub fn new(n: u8, config: NetConfig) -> Network {
        let cells = usize::from(n) * usize::from(n);
        Network {
            n,
            links: vec![Link::default(); cells],
            config,
        }
    }

    pub fn size(&self) -> u8 {
        self.n
    }

    fn slot(&self, from: NodeId, to: NodeId) -> usize {
        debug_assert!(from.0 < self.n && to.0 < self.n);
        usize::from(from.0) * usize::from(self.n) + usize::from(to.0)
    }

    pub fn link(&self, from: NodeId, to: NodeId) -> &Link {
        &self.links[self.slot(from, to)]
    }

    pub fn link_mut(&mut self, from: NodeId, to: NodeId) -> &mut Link {
        let i = self.slot(from, to);
        &mut self.links[i]
    }

    pub fn is_up(&self, from: NodeId, to: NodeId) -> bool {
        !self.link(from, to).cut
    }

    pub fn latency_range(&self, from: NodeId, to: NodeId) -> (Duration, Duration) {
        self.link(from, to)
            .latency
            .unwrap_or((self.config.latency_min, self.config.latency_max))
    }

    pub fn loss_ppm(&self, from: NodeId, to: NodeId) -> u32 {
        self.link(from, to).loss_ppm.unwrap_or(self.config.loss_ppm)
    }

    /// Cut every link between nodes of different groups; links inside a group, and links of
    /// nodes that no group names, are left as they are.
    pub fn partition(&mut self, groups: &[Vec<NodeId>]) {
        for (gi, a) in groups.iter().enumerate() {
            for (gj, b) in groups.iter().enumerate() {
                if gi == gj {
                    continue;
                }
                for &x in a {
                    for &y in b {
                        if x != y && x.0 < self.n && y.0 < self.n {
                            self.link_mut(x, y).cut = true;
                        }
                    }
                }
            }
        }
    }

    /// Heal every cut; per-link latency and loss overrides stay.
    pub fn heal_all(&mut self) {
        for l in &mut self.links {
            l.cut = false;
        }
    }

    /// Every directed link that is cut, in (from, to) order.
    pub fn cut_links(&self) -> Vec<(NodeId, NodeId)> {
        let mut out = Vec::new();
        for f in 0..self.n {
            for t in 0..self.n {
                if f != t && self.link(NodeId(f), NodeId(t)).cut {
                    out.push((NodeId(f), NodeId(t)));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_way_cut_leaves_the_other_direction_up() {
        let mut net = Network::new(3, NetConfig::default());
        net.link_mut(NodeId(0), NodeId(1)).cut = true;
        assert!(!net.is_up(NodeId(0), NodeId(1)));
        assert!(net.is_up(NodeId(1), NodeId(0)));
    }

    #[test]
    fn partition_cuts_only_between_groups() {
        let mut net = Network::new(5, NetConfig::default());
        net.partition(&[vec![NodeId(0), NodeId(1)], vec![NodeId(2), NodeId(3)]]);
        assert!(net.is_up(NodeId(0), NodeId(1)));
        assert!(!net.is_up(NodeId(0), NodeId(2)));
        assert!(!net.is_up(NodeId(3), NodeId(1)));
        assert!(
            net.is_up(NodeId(4), NodeId(0)),
            "unnamed node keeps its links"
        );
        assert_eq!(net.cut_links().len(), 8);
        net.heal_all();
        assert!(net.cut_links().is_empty());
    }

    #[test]
    fn link_overrides_win_over_global_settings() {
        let mut net = Network::new(2, NetConfig::default());
        let (a, b) = (NodeId(0), NodeId(1));
        net.link_mut(a, b).loss_ppm = Some(PPM);
        net.link_mut(a, b).latency = Some((Duration(5), Duration(6)));
        assert_eq!(net.loss_ppm(a, b), PPM);
        assert_eq!(net.loss_ppm(b, a), 0);
        assert_eq!(net.latency_range(a, b), (Duration(5), Duration(6)));
    }
}
