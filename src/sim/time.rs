//! Virtual time. The simulation never reads a wall clock: time is an integer count of
//! microseconds since the start of the run, advanced only by the event queue.

use serde::Serialize;
use std::fmt;
use std::ops::{Add, Sub};

/// A virtual instant, in microseconds since the run started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SimTime(pub u64);

/// A virtual duration, in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Duration(pub u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub const fn from_millis(ms: u64) -> SimTime {
        SimTime(ms * 1000)
    }

    pub const fn as_micros(self) -> u64 {
        self.0
    }

    /// Saturating: a duration that would overflow the clock ends at the end of time.
    pub fn saturating_add(self, d: Duration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl Duration {
    pub const ZERO: Duration = Duration(0);

    pub const fn from_millis(ms: u64) -> Duration {
        Duration(ms * 1000)
    }

    pub const fn from_micros(us: u64) -> Duration {
        Duration(us)
    }

    pub const fn as_micros(self) -> u64 {
        self.0
    }
}

impl Add<Duration> for SimTime {
    type Output = SimTime;
    fn add(self, d: Duration) -> SimTime {
        self.saturating_add(d)
    }
}

impl Sub for SimTime {
    type Output = Duration;
    /// Saturating: the distance from a later instant back to an earlier one is zero.
    fn sub(self, earlier: SimTime) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }
}

impl fmt::Display for SimTime {
    /// `12.345678 s`: seconds with all six decimals, so no instant is rounded away.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:06} s", self.0 / 1_000_000, self.0 % 1_000_000)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 1000 == 0 {
            write!(f, "{} ms", self.0 / 1000)
        } else {
            write!(f, "{} µs", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_arithmetic_saturates_instead_of_wrapping() {
        assert_eq!(SimTime(u64::MAX - 1) + Duration(5), SimTime(u64::MAX));
        assert_eq!(SimTime(3) - SimTime(10), Duration::ZERO);
        assert_eq!(SimTime::from_millis(2) - SimTime(500), Duration(1500));
    }

    #[test]
    fn display_keeps_every_microsecond() {
        assert_eq!(SimTime(12_345_678).to_string(), "12.345678 s");
        assert_eq!(Duration::from_millis(150).to_string(), "150 ms");
        assert_eq!(Duration(1500).to_string(), "1500 µs");
    }
}
