//! The two languages of the playground. Every user-visible string goes through `Text`, so a
//! missing translation is a compile error, not an English word in the Chinese page.

pub use crate::playground::Lang;

/// Every user-visible string, in English and Simplified Chinese. The macro makes a missing
/// translation a compile error, not an English word in the Chinese page.
macro_rules! texts {
    ($($name:ident: $en:expr, $zh:expr;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Text { $($name),* }

        pub fn t(lang: Lang, text: Text) -> &'static str {
            match (lang, text) {
                $((Lang::En, Text::$name) => $en, (Lang::Zh, Text::$name) => $zh,)*
            }
        }
    };
}

texts! {
    WhereDoesMyKeyGo: "Where does my key go?", "我的键放在哪里？";
    PreferenceList: "its nodes (first choice first)", "负责它的节点（首选在前）";
    ByReplica: "a replica: the first choice is down", "副本：首选节点已宕机";
    Unavailable: "unavailable: every node of its list is down", "不可用：列表中的节点全部宕机";
    NoVirtualNodes:
        "This algorithm has no virtual nodes: it places keys without a ring of points.",
        "该算法没有虚拟节点：它不靠环上的点来放置键。";
    NoLeaderNow:
        "No leader right now: a server whose election timer runs out will start an election.",
        "当前没有领导者：选举计时器先到期的服务器将发起选举。";
    PanelTabs: "Panels", "面板";
    TabRing: "Hash ring", "哈希环";
    TabInspect: "Inspect", "查看";
    TabNetwork: "Network", "网络";
    TabCluster: "Cluster", "集群";
    TabFeed: "Events", "事件";
    Committed: "committed", "已提交";
    NotCommitted: "not committed yet", "尚未提交";
    AppliedState: "Key-value state", "键值状态";
    PreCandidate: "pre-candidate", "预候选者";
    ZoomIn: "Larger", "放大";
    ZoomOut: "Smaller", "缩小";
    Zoom: "Zoom", "缩放";
    Memory: "Memory (WebAssembly)", "内存（WebAssembly）";
    BadParams:
        "Some settings in the link could not be used; the defaults are shown instead.",
        "链接中的部分设置无效，已改用默认值。";
    ExpectedWord: "expected", "应为";
    ExpectedSeed:
        "a whole number from 0 to 18446744073709551615",
        "0 到 18446744073709551615 之间的整数";
    ExpectedNodes: "a number of servers from 1 to 9", "1 到 9 之间的服务器数量";
    ExpectedLang: "en or zh", "en 或 zh";
    ExpectedTheme: "light or dark", "light 或 dark";
    ExpectedFlag: "1 or 0", "1 或 0";
    ExpectedView: "cluster, ring or both", "cluster、ring 或 both";
    ExpectedSpeed:
        "a speed: 0.04, 0.1, 0.2, 0.5, 1, 2, 5 or 20",
        "速度：0.04、0.1、0.2、0.5、1、2、5 或 20";
    ExpectedScenario: "a scenario id (see the scenario list)", "场景编号（见场景列表）";
    ExpectedBreak:
        "a Raft rule to break: fixed-timeouts, no-up-to-date-check, many-votes-per-term or commit-old-terms-by-count",
        "要破坏的 Raft 规则：fixed-timeouts、no-up-to-date-check、many-votes-per-term 或 commit-old-terms-by-count";
    ExpectedSetting:
        "a known setting: seed, nodes, lang, theme, paused, break, view, embed, speed, scenario",
        "已知的设置：seed、nodes、lang、theme、paused、break、view、embed、speed、scenario";
    Tagline:
        "Watch distributed systems happen",
        "亲眼看见分布式系统如何运转";
    Play:
        "Play",
        "播放";
    Pause:
        "Pause",
        "暂停";
    Network:
        "Network",
        "网络";
    Nodes:
        "Nodes",
        "节点";
    Seed:
        "Seed",
        "随机种子";
    Time:
        "Virtual time",
        "虚拟时间";
    Events:
        "Events",
        "事件";
    InFlight:
        "Messages in flight",
        "传输中的消息";
    Delivered:
        "Delivered",
        "已送达";
    Dropped:
        "Dropped",
        "已丢失";
    NodeUp:
        "up",
        "运行中";
    NodeDown:
        "crashed",
        "宕机";
    SwitchLanguage:
        "中文",
        "English";
    Theme:
        "Switch light or dark theme",
        "切换浅色或深色主题";
    Dismiss:
        "Dismiss",
        "关闭";
    NewSeed:
        "New random seed",
        "换一个随机种子";
    Speed:
        "Speed",
        "速度";
    Sent:
        "Sent",
        "已发送";
    Leader:
        "leader",
        "领导者";
    Candidate:
        "candidate",
        "候选人";
    Follower:
        "follower",
        "跟随者";
    Term:
        "term",
        "任期";
    Commit:
        "Committed entries",
        "已提交的日志条目";
    StepBack:
        "Step back one event",
        "后退一个事件";
    StepForward:
        "Step forward one event",
        "前进一个事件";
    Safety:
        "Safety (checked after every event)",
        "安全性（每个事件后检查）";
    WhatHappened:
        "What just happened",
        "刚刚发生了什么";
    NothingYet:
        "Nothing yet: press play.",
        "还没有事件：请按播放。";
    NothingYetPlaying:
        "Nothing yet: the servers are waiting for their election timers.",
        "还没有事件：服务器正在等待各自的选举计时器到期。";
    OtherChecks:
        "Terms, votes and commit bounds",
        "任期、投票与提交边界";
    Event:
        "event",
        "事件";
    Entry:
        "entry",
        "条目";
    CommitShort:
        "commit",
        "提交";
    AppliedShort:
        "applied",
        "已应用";
    Logs:
        "Logs",
        "日志";
    LogsHint:
        "One cell per log entry, its term inside; solid once committed, hatched until then. Hover a cell for its command.",
        "每格一个日志条目，格内数字是它的任期；已提交的为实心，尚未提交的带斜线。鼠标移到格上可看到其中的命令。";
    ClientWrite:
        "Client write",
        "客户端写入";
    LinkUp:
        "link up",
        "链路正常";
    LinkCutOneWay:
        "cut one way:",
        "单向切断：";
    LinkCut:
        "cut both ways",
        "双向切断";
    Loss:
        "Message loss",
        "消息丢失率";
    ClusterSize:
        "Servers",
        "服务器数";
    Shortcuts:
        "Keyboard shortcuts",
        "键盘快捷键";
    KeySpace:
        "play or pause",
        "播放或暂停";
    KeyArrows:
        "step one event back or forward (presenter clickers too)",
        "后退或前进一个事件（演示翻页器同样可用）";
    KeyHelp:
        "show or hide this list",
        "显示或隐藏此列表";
    Close:
        "Close",
        "关闭";
    RaftExplainer:
        "A Raft cluster. A follower that hears no heartbeat before its timer (the arc) runs \
         out becomes a candidate and asks for votes; a majority makes it leader (the \
         article's 主节点). The leader replicates the log; an entry stored by a majority is \
         committed.",
        "一个 Raft 集群。跟随者（从节点）在计时器（圆弧）耗尽前没有收到心跳，就会成为候选人并拉票；\
         获得多数票即成为领导者（主节点）。领导者复制日志，多数节点保存的条目即被提交。";
    LinkClick:
        "Click to inspect it: cut it one way or both ways, heal it, set its latency and loss",
        "点击查看：单向或双向切断、恢复、设置延迟与丢失率";
    InspectorHint:
        "Click a node, a link or a moving message to inspect it and act on it (keys 1–9 pick a node).",
        "点击节点、链路或飞行中的消息即可查看并操作（数字键 1–9 选择节点）。";
    Inspector: "Inspector", "检查器";
    Scores: "scores (highest wins)", "得分（最高者胜）";
    ClientOps: "client operations:", "客户端操作数：";
    OpenFull: "Open in Ringleader ↗", "在 Ringleader 中打开 ↗";
    Scenario: "Guided scenario", "引导场景";
    FreePlay: "Free play (no scenario)", "自由操作（无场景）";
    ScenarioStarts: "Watch: the story starts in a moment…", "请看：故事马上开始……";
    Back: "◀ Back", "◀ 上一步";
    Next: "Next ▶", "下一步 ▶";
    TheEnd: "The end", "结束";
    LeaveScenario: "Leave the scenario", "退出场景";
    OpenScenario: "Open a scenario file", "打开场景文件";
    Share: "Share", "分享";
    ShareExplain:
        "This link holds the whole run: the seed, every setting and every action with its time. Opening it replays the run exactly and lands on this moment.",
        "此链接包含整个运行：随机种子、所有设置以及每个操作及其时间。打开它会精确重放运行并停在此刻。";
    ShareLink: "Link to this run", "此运行的链接";
    Characters: "characters", "个字符";
    DownloadRun: "Download run file (JSON)", "下载运行文件（JSON）";
    OpenRun: "Open a run file", "打开运行文件";
    ExportSvg: "Export picture (SVG)", "导出图片（SVG）";
    ExportPng: "Export picture (PNG)", "导出图片（PNG）";
    ExportTrace: "Export trace (JSON)", "导出事件轨迹（JSON）";
    RunUnusable: "This run could not be opened:", "无法打开此运行：";
    RunDefaults: "The playground opened with its defaults instead.", "播放器已改用默认设置打开。";
    ViewChoice: "View", "视图";
    ClusterView: "Cluster", "集群";
    RingView: "Hash ring", "哈希环";
    BothViews: "Both", "两者";
    RingExplainer:
        "Keys are spread over nodes by hashing. On a consistent hashing ring each node owns the \
         arcs before its points (virtual nodes), so a joining or leaving node moves only its \
         own share of keys; hash mod n moves almost all of them.",
        "键通过哈希分布到各节点。在一致性哈希环上，每个节点拥有其各个点（虚拟节点）之前的弧段，\
         节点加入或离开时只迁移它自己那一份键；而 hash mod n 几乎要迁移全部键。";
    Algorithm: "Algorithm", "算法";
    CompareWith: "Compare with", "对比算法";
    NoComparison: "(none)", "（不对比）";
    VirtualNodes: "Virtual nodes per node", "每个节点的虚拟节点数";
    ReplicationFactor: "Replication factor R", "副本数 R";
    KeySet: "Key set", "键集合";
    UniformKeys: "uniform random keys", "均匀随机键";
    HotKeys: "hot keys (Zipf skew)", "热点键（Zipf 偏斜）";
    NamedKeys: "named keys, one per line", "指定的键（每行一个）";
    KeysWord: "keys", "键";
    NodesAndLoad: "Nodes and their load (| = ideal)", "节点及其负载（| 为理想值）";
    Weight: "weight", "权重";
    MarkDown: "Down", "宕机";
    MarkUp: "Up", "恢复";
    MarkDownAria: "mark down", "标记为宕机";
    MarkUpAria: "mark up", "标记为恢复";
    RemoveNodeAria: "remove from the ring", "从哈希环移除";
    RemoveNode: "Remove", "移除";
    AddNode: "Add node", "添加节点";
    NewNodeName: "New node name", "新节点名称";
    EmptyRing: "The ring has no nodes: add one to place keys.", "哈希环上没有节点：请添加节点以放置键。";
    KetamaPaste: "Paste a ketama server list", "粘贴 ketama 服务器列表";
    KetamaHelp:
        "One server per line, host:port and a weight (libketama's format): the keys land where a memcached client using libketama would put them.",
        "每行一台服务器：host:port 与权重（libketama 格式）。键的位置与使用 libketama 的 memcached 客户端一致。";
    UseServerList: "Use this server list", "使用此服务器列表";
    Hash: "hash", "哈希";
    ServedBy: "served by", "服务节点";
    LostKey: "nobody: unavailable until one of its nodes is back", "无：在它的某个节点恢复前不可用";
    Replicas: "replicas", "副本";
    KeysMoved: "keys moved", "迁移的键";
    Optimum: "optimum", "最优";
    MaxOverMean: "max/mean", "最大/平均";
    Spread: "spread (CV)", "离散度（CV）";
    Theory: "theory", "理论值";
    LostKeys: "unavailable", "不可用";
    WentDown: "went down: nothing moved; its keys are served by a replica or wait for it", "宕机：键没有迁移，它的键由副本提供，或等待它恢复";
    CameBack: "is back: its keys are served by it again", "已恢复：它的键重新由它提供";
    FromReplica: "from a replica", "由副本提供";
    GoToEvent: "Go to this moment of the run", "跳到运行中的这一时刻";
    CommitIndex: "commit index", "提交索引";
    ClickToSelect: "select to inspect and act", "选择以查看和操作";
    VotedFor: "voted for", "投票给";
    Client: "client", "客户端";
    ClientShort: "C", "客";
    SpaceTime:
        "Space-time diagram: one lane per node, each message an arrow from sender to receiver",
        "时空图：每个节点一条泳道，每条消息是从发送方到接收方的箭头";
    Now: "now", "现在";
    ForkedInfo:
        "You acted in the past: the recorded future was discarded and the run continues from here.",
        "你在过去的时刻进行了操作：原来记录的未来已被丢弃，运行从此处分叉继续。";
    RestartedInfo:
        "The cluster settings changed, so the run started again from time zero with the same seed.",
        "集群设置已更改，运行已用同一随机种子从零时刻重新开始。";
    ForkedAt: "forked at event", "分叉于事件";
    KeySelect: "select node 1 to 9", "选择第 1 到 9 个节点";
    KeyCrash: "crash or restart the selected node", "让选中的节点宕机或重启";
    KeyTimeout: "force the selected node to time out", "强制选中的节点超时";
    KeyWriteRead: "client write or read through the selected node", "经选中的节点进行客户端写入或读取";
    KeyIsolate: "isolate the selected node", "隔离选中的节点";
    KeyHeal: "heal every link", "恢复所有链路";
    KeyZoom: "larger or smaller stage and captions; back to normal", "放大或缩小舞台与字幕；恢复原大小";
    KeyNextCue: "in a scenario: the next or the previous cue (presenter clickers too)", "在场景中：下一个或上一个提示点（演示翻页器同样可用）";
    KeyEscape: "clear the selection", "取消选择";
    KeyTab: "move between controls, nodes and links; act on the focused one", "在控件、节点和链路间移动；操作当前焦点";
    Statistics: "Statistics", "统计";
    Timeline: "Timeline: drag to any moment", "时间轴：拖动到任意时刻";
    ClientWriteHint: "The client sends a write to the cluster (it finds the leader)", "客户端向集群发送一次写入（自动寻找领导者）";
    KnownLeader: "leader it knows", "已知的领导者";
    LogLength: "last log index", "最后日志索引";
    ElectionTimer: "election timer", "选举计时器";
    Crash: "Crash", "宕机";
    Restart: "Restart", "重启";
    ForceTimeout: "Force timeout", "强制超时";
    WriteVia: "Client write here", "在此客户端写入";
    ReadVia: "Client read here", "在此客户端读取";
    Isolate: "Isolate", "隔离";
    Reconnect: "Reconnect", "重新连接";
    CutVerb: "Cut", "切断";
    CutBoth: "Cut both ways", "双向切断";
    Heal: "Heal", "恢复";
    LatencyMin: "Latency min (ms)", "最小延迟（毫秒）";
    LatencyMax: "Latency max (ms)", "最大延迟（毫秒）";
    UseGlobal: "Use the global settings", "使用全局设置";
    FateInFlight: "in flight", "传输中";
    FateDelivered: "delivered", "已送达";
    FateLost: "lost on the way (message loss)", "途中丢失（消息丢失）";
    FateCut: "dropped: the link was cut", "被丢弃：链路已切断";
    FateNodeDown: "dropped: the receiver was down", "被丢弃：接收方已宕机";
    SentAt: "sent at", "发送时间";
    EndsAt: "arrives (or dies) at", "到达（或丢失）时间";
    Fate: "fate", "结果";
    GroupA: "first group", "第一组";
    GroupB: "second group", "第二组";
    NetworkSettings: "Network (applies now)", "网络（立即生效）";
    PartitionHint:
        "Network partition: choose the first group, then split. Splitting first heals every link, including cuts made by hand, then cuts the links between the groups.",
        "网络分区：选择第一组，然后分割。分割会先恢复所有链路（包括手动切断的），再切断两组之间的链路。";
    Copy: "Copy", "复制";
    Copied: "Copied", "已复制";
    CopyFailed: "Select the link and copy it by hand", "请选中链接后手动复制";
    Split: "Split into two groups", "分成两组";
    HealAll: "Heal all links", "恢复所有链路";
    ClusterSettings: "Cluster (restarts the run)", "集群（将重新开始运行）";
    RestartsRun: "Changing these starts the run again from time zero with the same seed.", "更改这些设置会用同一随机种子从零时刻重新开始运行。";
    ElectionMin: "Election timeout min (ms)", "选举超时下限（毫秒）";
    ElectionMax: "Election timeout max (ms)", "选举超时上限（毫秒）";
    Heartbeat: "Heartbeat interval (ms)", "心跳间隔（毫秒）";
    SlowHeartbeat:
        "Heartbeats are not faster than the shortest election timeout: followers will time out even with a healthy leader.",
        "心跳不比最短选举超时更快：即使领导者正常，跟随者也会超时。";
    PreVote:
        "Pre-Vote",
        "预投票（Pre-Vote）";
    PreVoteWhy:
        "a node first asks whether it could win, so a rejoining node cannot disrupt a working leader",
        "节点先询问自己能否胜选，重新加入的节点不会打扰正常工作的领导者";
    CheckQuorum:
        "CheckQuorum",
        "法定人数检查（CheckQuorum）";
    CheckQuorumWhy:
        "a leader that cannot reach a majority steps down, and followers ignore votes while they hear a leader",
        "无法联系多数节点的领导者会主动下台；能收到领导者消息的跟随者不理会拉票";
    TeachingSwitches: "Teaching switches: break one rule and watch", "教学开关：破坏一条规则并观察后果";
    BreakFixed: "Same timeout everywhere", "所有节点超时相同";
    BreakFixedWhy:
        "no randomness: candidates keep splitting the vote and no leader is elected",
        "没有随机性：候选人不断瓜分选票，始终选不出领导者";
    BreakUpToDate: "Vote without the log check", "投票不检查日志";
    BreakUpToDateWhy:
        "a node with a stale log can win and overwrite committed entries (Leader Completeness ✗)",
        "日志落后的节点也能当选并覆盖已提交的条目（领导者完整性 ✗）";
    BreakManyVotes: "Many votes per term", "每任期可投多票";
    BreakManyVotesWhy:
        "a node votes for every candidate: two leaders in one term (Election Safety ✗)",
        "节点给每个候选人都投票：同一任期出现两个领导者（选举安全 ✗）";
    BreakOldTerms: "Commit old terms by counting", "按副本数提交旧任期条目";
    BreakOldTermsWhy:
        "the Figure 8 mistake: an entry counted as committed can later be overwritten (State Machine Safety ✗)",
        "论文图 8 的错误：被计为已提交的条目之后可能被覆盖（状态机安全 ✗）";

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
        (Lang::Zh, CommitOnMajority) => "只提交多数派已存储的条目",
        (Lang::Zh, CommittedKept) => "已提交条目不丢失",
        (Lang::Zh, VoteRecorded) => "投出的票已持久记录",
        (Lang::Zh, AppliedStateMatchesLog) => "状态机与已提交日志一致",
        (Lang::Zh, RepliesMatchLog) => "客户端回复与已提交日志一致",
        (Lang::Zh, DownNodesSilent) => "宕机节点保持静默",
        (Lang::Zh, Linearizability) => "线性一致性",
    }
}

/// What a URL setting should have been, in words.
pub fn expected(e: crate::playground::page::Expected, lang: Lang) -> &'static str {
    use crate::playground::page::Expected::*;
    t(
        lang,
        match e {
            Seed => Text::ExpectedSeed,
            Nodes => Text::ExpectedNodes,
            Lang => Text::ExpectedLang,
            Theme => Text::ExpectedTheme,
            OneOrZero => Text::ExpectedFlag,
            View => Text::ExpectedView,
            Speed => Text::ExpectedSpeed,
            Scenario => Text::ExpectedScenario,
            Break => Text::ExpectedBreak,
            KnownSetting => Text::ExpectedSetting,
        },
    )
}
