//! The two languages of the playground. Every user-visible string goes through `Text`, so a
//! missing translation is a compile error, not an English word in the Chinese page.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "zh" | "zh-Hans" | "zh-CN" => Some(Lang::Zh),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Tagline,
    Play,
    Pause,
    Network,
    Nodes,
    Seed,
    Time,
    Events,
    InFlight,
    Delivered,
    Dropped,
    NodeUp,
    NodeDown,
    ClickToCrash,
    ClickToRestart,
    SwitchLanguage,
    Theme,
    Dismiss,
    NewSeed,
    Speed,
    RaftExplainer,
    Sent,
    Leader,
    Candidate,
    Follower,
    Term,
    Commit,
    StepBack,
    StepForward,
    Safety,
    WhatHappened,
    NothingYet,
    OtherChecks,
    Event,
    Entry,
    CommitShort,
    AppliedShort,
    Logs,
    ClientWrite,
    LinkUp,
    LinkCutOneWay,
    LinkCut,
    LinkClick,
    Loss,
    ClusterSize,
    Shortcuts,
    KeySpace,
    KeyArrows,
    KeyNode,
    KeyLink,
    KeyHelp,
    Close,
}

pub fn t(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    match (lang, text) {
        (Lang::En, Tagline) => "Watch distributed systems happen",
        (Lang::Zh, Tagline) => "亲眼看见分布式系统如何运转",
        (Lang::En, Play) => "Play",
        (Lang::Zh, Play) => "播放",
        (Lang::En, Pause) => "Pause",
        (Lang::Zh, Pause) => "暂停",
        (Lang::En, Network) => "Network",
        (Lang::Zh, Network) => "网络",
        (Lang::En, Nodes) => "Nodes",
        (Lang::Zh, Nodes) => "节点",
        (Lang::En, Seed) => "Seed",
        (Lang::Zh, Seed) => "随机种子",
        (Lang::En, Time) => "Virtual time",
        (Lang::Zh, Time) => "虚拟时间",
        (Lang::En, Events) => "Events",
        (Lang::Zh, Events) => "事件",
        (Lang::En, InFlight) => "Messages in flight",
        (Lang::Zh, InFlight) => "传输中的消息",
        (Lang::En, Delivered) => "Delivered",
        (Lang::Zh, Delivered) => "已送达",
        (Lang::En, Dropped) => "Dropped",
        (Lang::Zh, Dropped) => "已丢失",
        (Lang::En, NodeUp) => "up",
        (Lang::Zh, NodeUp) => "运行中",
        (Lang::En, NodeDown) => "crashed",
        (Lang::Zh, NodeDown) => "宕机",
        (Lang::En, ClickToCrash) => "crash this node",
        (Lang::Zh, ClickToCrash) => "让该节点宕机",
        (Lang::En, ClickToRestart) => "restart this node",
        (Lang::Zh, ClickToRestart) => "重启该节点",
        (Lang::En, SwitchLanguage) => "中文",
        (Lang::Zh, SwitchLanguage) => "English",
        (Lang::En, Theme) => "Switch light or dark theme",
        (Lang::Zh, Theme) => "切换浅色或深色主题",
        (Lang::En, Dismiss) => "Dismiss",
        (Lang::Zh, Dismiss) => "关闭",
        (Lang::En, NewSeed) => "New random seed",
        (Lang::Zh, NewSeed) => "换一个随机种子",
        (Lang::En, Speed) => "Speed",
        (Lang::Zh, Speed) => "速度",
        (Lang::En, RaftExplainer) => {
            "A Raft cluster electing its leader. A follower that hears no heartbeat before its \
             timer runs out becomes a candidate and asks the others for votes; a majority \
             makes it leader. Click a node to crash it, click again to restart it."
        }
        (Lang::Zh, RaftExplainer) => {
            "一个正在选主的 Raft 集群。跟随者（从节点）在计时器耗尽前没有收到心跳，就会成为候选人\
             并向其他节点拉票；获得多数票即成为领导者（主节点）。点击节点使其宕机，再次点击即可重启。"
        }
        (Lang::En, Leader) => "leader",
        (Lang::Zh, Leader) => "领导者",
        (Lang::En, Candidate) => "candidate",
        (Lang::Zh, Candidate) => "候选人",
        (Lang::En, Follower) => "follower",
        (Lang::Zh, Follower) => "跟随者",
        (Lang::En, Term) => "term",
        (Lang::Zh, Term) => "任期",
        (Lang::En, StepBack) => "Step back one event",
        (Lang::Zh, StepBack) => "后退一个事件",
        (Lang::En, StepForward) => "Step forward one event",
        (Lang::Zh, StepForward) => "前进一个事件",
        (Lang::En, Safety) => "Safety (checked after every event)",
        (Lang::Zh, Safety) => "安全性（每个事件后检查）",
        (Lang::En, WhatHappened) => "What just happened",
        (Lang::Zh, WhatHappened) => "刚刚发生了什么",
        (Lang::En, NothingYet) => "Nothing yet: press play.",
        (Lang::Zh, NothingYet) => "还没有事件：请按播放。",
        (Lang::En, OtherChecks) => "Terms, votes and commit bounds",
        (Lang::Zh, OtherChecks) => "任期、投票与提交边界",
        (Lang::En, Entry) => "entry",
        (Lang::Zh, Entry) => "条目",
        (Lang::En, CommitShort) => "commit",
        (Lang::Zh, CommitShort) => "提交",
        (Lang::En, AppliedShort) => "applied",
        (Lang::Zh, AppliedShort) => "已应用",
        (Lang::En, Logs) => "Logs (one cell per entry, its term inside)",
        (Lang::Zh, Logs) => "日志（每格一个条目，格内为任期）",
        (Lang::En, LinkUp) => "link up",
        (Lang::Zh, LinkUp) => "链路正常",
        (Lang::En, LinkCutOneWay) => "cut one way:",
        (Lang::Zh, LinkCutOneWay) => "单向切断：",
        (Lang::En, LinkCut) => "cut both ways",
        (Lang::Zh, LinkCut) => "双向切断",
        (Lang::En, LinkClick) => "Click to cycle: one way, the other way, both ways, healed",
        (Lang::Zh, LinkClick) => "点击切换：单向、另一方向、双向切断、恢复",
        (Lang::En, Loss) => "Message loss",
        (Lang::Zh, Loss) => "消息丢失率",
        (Lang::En, ClusterSize) => "Servers",
        (Lang::Zh, ClusterSize) => "服务器数",
        (Lang::En, Shortcuts) => "Keyboard shortcuts",
        (Lang::Zh, Shortcuts) => "键盘快捷键",
        (Lang::En, KeySpace) => "play or pause",
        (Lang::Zh, KeySpace) => "播放或暂停",
        (Lang::En, KeyArrows) => "step one event back or forward (presenter clickers too)",
        (Lang::Zh, KeyArrows) => "后退或前进一个事件（演示翻页器同样可用）",
        (Lang::En, KeyNode) => "on a focused node: crash it or restart it",
        (Lang::Zh, KeyNode) => "在选中的节点上：使其宕机或重启",
        (Lang::En, KeyLink) => "on a focused link: cut one way, the other, both, heal",
        (Lang::Zh, KeyLink) => "在选中的链路上：单向切断、另一方向、双向切断、恢复",
        (Lang::En, KeyHelp) => "show or hide this list",
        (Lang::Zh, KeyHelp) => "显示或隐藏此列表",
        (Lang::En, Close) => "Close",
        (Lang::Zh, Close) => "关闭",
        (Lang::En, ClientWrite) => "Client write",
        (Lang::Zh, ClientWrite) => "客户端写入",
        (Lang::En, Event) => "event",
        (Lang::Zh, Event) => "事件",
        (Lang::En, Commit) => "Committed entries",
        (Lang::Zh, Commit) => "已提交的日志条目",
        (Lang::En, Sent) => "Sent",
        (Lang::Zh, Sent) => "已发送",
    }
}

/// The name of a Raft safety property (paper Figure 3) in the page's language.
pub fn property_name(p: crate::check::Property, lang: Lang) -> &'static str {
    use crate::check::Property::*;
    match (lang, p) {
        (Lang::En, p) => p.name(),
        (Lang::Zh, ElectionSafety) => "选举安全",
        (Lang::Zh, LeaderAppendOnly) => "领导者只追加",
        (Lang::Zh, LogMatching) => "日志匹配",
        (Lang::Zh, LeaderCompleteness) => "领导者完整性",
        (Lang::Zh, StateMachineSafety) => "状态机安全",
        (Lang::Zh, TermNeverDecreases) => "任期不减",
        (Lang::Zh, OneVotePerTerm) => "每任期一票",
        (Lang::Zh, EntryTermsBounded) => "条目任期有界且有序",
        (Lang::Zh, CommitWithinLog) => "提交与应用不超出日志",
        (Lang::Zh, Linearizability) => "线性一致性",
    }
}
