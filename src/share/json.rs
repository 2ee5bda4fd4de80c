//! A small JSON reader for run and scenario files: the text parsed into a tree, then read
//! into our types by `file.rs`, field by field. Written out here rather than derived, because
//! the page carries every byte of its code: a derived reader for these types is several times
//! the size of this one. It reads what serde writes for them (externally tagged enums,
//! tuples as arrays, a missing or `null` optional field as `None`), and where a file is wrong
//! it says where: `commands[3].action: …`.

use std::fmt;

/// Objects and arrays nested deeper than this are refused (ours nest about ten deep): a
/// hand-made file cannot exhaust the stack.
pub const MAX_DEPTH: u32 = 64;

/// A parsed JSON value. Numbers keep their text: each field reads it as the integer type it
/// needs, exactly (no float in between).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    /// In file order, a repeated key as often as it is there; reading takes its last value,
    /// as the browser's parser does.
    Obj(Vec<(String, Json)>),
}

/// Where a value sits in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Field(&'static str),
    Index(u32),
}

/// Why a value could not be read, and where. Boxed: every read returns a `Result` with it,
/// and a small error keeps the happy path's code small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bad(Box<Inner>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inner {
    /// Innermost segment first.
    pub at: Vec<Seg>,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// The text is not JSON from this character on (both count from 1).
    Syntax { line: u32, column: u32 },
    /// A field the type needs is not there.
    Missing(&'static str),
    /// Another shape than the type's.
    Shape(Shape),
}

/// How a value differs from what the type needs: data, so that the page can say it in either
/// language (`Display` is the English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Lists and objects nested deeper than `MAX_DEPTH`.
    TooDeep,
    Expected {
        want: Want,
        found: Kind,
    },
    /// A tuple of `want` values with another number of them.
    Count {
        want: u32,
        found: u32,
    },
    /// A number (as written, cut to 40 characters) above the most the field takes.
    MoreThan {
        text: String,
        max: u64,
    },
    /// A number that is not whole, or below zero.
    NotWhole {
        text: String,
        max: u64,
    },
    /// An object standing for a variant with more than one key.
    Keys(u32),
    /// A name (cut to 40 characters) that is none of `names`.
    NotOneOf {
        name: String,
        names: String,
    },
    /// A tuple without item `i`.
    NoItem(u32),
}

/// What a value should have been.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    Object,
    List,
    Boolean,
    String,
    Whole,
    /// A variant: its name, or an object with its name as the one key.
    Variant,
    /// A unit variant's value: nothing.
    Nothing,
    Concept,
}

/// What a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    Boolean,
    Number,
    String,
    List,
    Object,
}

impl Want {
    pub fn english(self) -> &'static str {
        match self {
            Want::Object => "an object",
            Want::List => "a list",
            Want::Boolean => "true or false",
            Want::String => "a string",
            Want::Whole => "a whole number",
            Want::Variant => "a name or an object with one key",
            Want::Nothing => "no value",
            Want::Concept => "a concept's name",
        }
    }
}

impl Kind {
    pub fn english(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Boolean => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::List => "a list",
            Kind::Object => "an object",
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::TooDeep => write!(f, "nested more than {MAX_DEPTH} levels deep"),
            Shape::Expected { want, found } => {
                write!(f, "expected {}, found {}", want.english(), found.english())
            }
            Shape::Count { want, found } => {
                write!(f, "expected a list of {want}, found {found} values")
            }
            Shape::MoreThan { text, max } => write!(f, "{text} is more than {max}"),
            Shape::NotWhole { text, max } => {
                write!(f, "{text} is not a whole number from 0 to {max}")
            }
            Shape::Keys(n) => write!(
                f,
                "expected a name or an object with one key, found an object with {n} keys"
            ),
            Shape::NotOneOf { name, names } => write!(f, "\"{name}\" is not one of {names}"),
            Shape::NoItem(i) => write!(f, "the list has no item {i}"),
        }
    }
}

impl Bad {
    fn new(what: What) -> Bad {
        Bad(Box::new(Inner {
            at: Vec::new(),
            what,
        }))
    }

    pub fn shape(what: Shape) -> Bad {
        Bad::new(What::Shape(what))
    }

    pub fn what(&self) -> &What {
        &self.0.what
    }

    /// The same error, one level further out.
    pub fn at(mut self, seg: Seg) -> Bad {
        self.0.at.push(seg);
        self
    }

    /// The path, outermost first: `commands[3].action`.
    pub fn path(&self) -> String {
        let mut s = String::new();
        for seg in self.0.at.iter().rev() {
            match seg {
                Seg::Field(name) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(name);
                }
                Seg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }
}

impl fmt::Display for Bad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        match &self.0.what {
            What::Syntax { line, column } => {
                write!(f, "not JSON at line {line}, column {column}")
            }
            What::Missing(name) if path.is_empty() => write!(f, "missing field {name}"),
            What::Missing(name) => write!(f, "{path}: missing field {name}"),
            What::Shape(what) if path.is_empty() => write!(f, "{what}"),
            What::Shape(what) => write!(f, "{path}: {what}"),
        }
    }
}

pub type Read<T> = Result<T, Bad>;

/// Parse a whole text as one JSON value.
pub fn parse(text: &str) -> Read<Json> {
    let mut p = Parser {
        s: text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes(),
        i: 0,
    };
    let v = p.value(0).and_then(|v| {
        p.space();
        if p.i == p.s.len() {
            Ok(v)
        } else {
            Err(p.syntax())
        }
    });
    // The parser knows the byte; a person looks for the line and the column.
    v.map_err(|mut e| {
        if let What::Syntax { column: at, .. } = e.0.what {
            let before = &p.s[..(at as usize).min(p.s.len())];
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            // Characters, counted by their first bytes (the text is UTF-8; `at` may fall inside
            // a character, which then counts once, as it would for a person).
            let column = before[line_start..]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count()
                + 1;
            e.0.what = What::Syntax {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: u32::try_from(column).unwrap_or(u32::MAX),
            };
        }
        e
    })
}

struct Parser<'t> {
    s: &'t [u8],
    i: usize,
}

impl Parser<'_> {
    /// Not JSON at the current byte (`parse` turns it into a line and a column).
    fn syntax(&self) -> Bad {
        Bad::new(What::Syntax {
            line: 0,
            column: u32::try_from(self.i).unwrap_or(u32::MAX),
        })
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let hit = self.s.get(self.i) == Some(&b);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn word(&mut self, w: &[u8], v: Json) -> Read<Json> {
        if self.s[self.i..].starts_with(w) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.syntax())
        }
    }

    fn value(&mut self, depth: u32) -> Read<Json> {
        self.space();
        match self.s.get(self.i) {
            Some(b'{' | b'[') if depth >= MAX_DEPTH => Err(Bad::shape(Shape::TooDeep)),
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return Err(self.syntax());
                        }
                        let v = self.value(depth + 1)?;
                        fields.push((key, v));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.syntax());
                        }
                    }
                }
                Ok(Json::Obj(fields))
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.syntax());
                        }
                    }
                }
                Ok(Json::Arr(items))
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') => self.word(b"true", Json::Bool(true)),
            Some(b'f') => self.word(b"false", Json::Bool(false)),
            Some(b'n') => self.word(b"null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.syntax()),
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text.
    fn number(&mut self) -> Read<Json> {
        let start = self.i;
        let s = self.s;
        let digits = |i: &mut usize| {
            let from = *i;
            while s.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        let mut i = self.i;
        if s[i] == b'-' {
            i += 1;
        }
        let lead = i;
        if !digits(&mut i) || (s[lead] == b'0' && i > lead + 1) {
            return Err(self.syntax());
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return Err(self.syntax());
            }
        }
        if let Some(b'e' | b'E') = s.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = s.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                return Err(self.syntax());
            }
        }
        self.i = i;
        // Only ASCII was consumed.
        Ok(Json::Num(
            s[start..i].iter().map(|&b| char::from(b)).collect(),
        ))
    }

    fn hex4(&mut self) -> Read<u32> {
        let h = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.syntax())?;
        let h = std::str::from_utf8(h).map_err(|_| self.syntax())?;
        let v = u32::from_str_radix(h, 16).map_err(|_| self.syntax())?;
        if h.starts_with('+') {
            return Err(self.syntax());
        }
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> Read<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return Err(self.syntax());
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let b = *self.s.get(self.i).ok_or_else(|| self.syntax())?;
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = *self.s.get(self.i).ok_or_else(|| self.syntax())?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi)
                                && self.s[self.i..].starts_with(b"\\u")
                            {
                                let at = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    // A lone high surrogate; the next escape stands alone.
                                    self.i = at;
                                    hi
                                }
                            } else {
                                hi
                            };
                            // A lone surrogate has no UTF-8 form.
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        }
                        _ => return Err(self.syntax()),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(self.syntax()),
                _ => out.push(b),
            }
        }
        // The input is a `str` and escapes add whole characters: always UTF-8.
        String::from_utf8(out).map_err(|_| self.syntax())
    }
}

// Reading values as our types. Each function reads one shape; the file format's functions
// (file.rs) combine them.

fn kind(v: &Json) -> Kind {
    match v {
        Json::Null => Kind::Null,
        Json::Bool(_) => Kind::Boolean,
        Json::Num(_) => Kind::Number,
        Json::Str(_) => Kind::String,
        Json::Arr(_) => Kind::List,
        Json::Obj(_) => Kind::Object,
    }
}

/// "expected X, found Y".
pub fn expected<T>(want: Want, v: &Json) -> Read<T> {
    Err(Bad::shape(Shape::Expected {
        want,
        found: kind(v),
    }))
}

pub fn object(v: &Json) -> Read<&[(String, Json)]> {
    match v {
        Json::Obj(fields) => Ok(fields),
        _ => expected(Want::Object, v),
    }
}

pub fn list(v: &Json) -> Read<&[Json]> {
    match v {
        Json::Arr(items) => Ok(items),
        _ => expected(Want::List, v),
    }
}

/// A list of exactly `n` values (a tuple).
pub fn tuple(v: &Json, n: usize) -> Read<&[Json]> {
    let items = list(v)?;
    if items.len() == n {
        Ok(items)
    } else {
        Err(Bad::shape(Shape::Count {
            want: n as u32,
            found: items.len() as u32,
        }))
    }
}

/// Every item of a list, read by `f`.
pub fn each<T>(v: &Json, f: fn(&Json) -> Read<T>) -> Read<Vec<T>> {
    let mut out = Vec::new();
    for (i, item) in list(v)?.iter().enumerate() {
        out.push(f(item).map_err(|e| e.at(Seg::Index(i as u32)))?);
    }
    Ok(out)
}

/// `null` as `None`.
pub fn nullable<T>(v: &Json, f: fn(&Json) -> Read<T>) -> Read<Option<T>> {
    match v {
        Json::Null => Ok(None),
        v => f(v).map(Some),
    }
}

pub fn boolean(v: &Json) -> Read<bool> {
    match v {
        Json::Bool(b) => Ok(*b),
        _ => expected(Want::Boolean, v),
    }
}

pub fn string(v: &Json) -> Read<String> {
    match v {
        Json::Str(s) => Ok(s.clone()),
        _ => expected(Want::String, v),
    }
}

/// A whole number from 0 to `max`. Written any way JSON allows (`5`, `5.0`, `5e0`), read
/// exactly.
pub fn whole(v: &Json, max: u64) -> Read<u64> {
    let Json::Num(text) = v else {
        return expected(Want::Whole, v);
    };
    let value = exact(text);
    let text = quoted(text);
    match value {
        Ok(n) if n <= max => Ok(n),
        Ok(_) | Err(TooLarge) => Err(Bad::shape(Shape::MoreThan { text, max })),
        Err(NotWhole) => Err(Bad::shape(Shape::NotWhole { text, max })),
    }
}

enum NotExact {
    NotWhole,
    TooLarge,
}
use NotExact::*;

pub fn u8_(v: &Json) -> Read<u8> {
    whole(v, u8::MAX.into()).map(|n| n as u8)
}

pub fn u16_(v: &Json) -> Read<u16> {
    whole(v, u16::MAX.into()).map(|n| n as u16)
}

pub fn u32_(v: &Json) -> Read<u32> {
    whole(v, u32::MAX.into()).map(|n| n as u32)
}

pub fn u64_(v: &Json) -> Read<u64> {
    whole(v, u64::MAX)
}

/// The value of a JSON number's text, if it is a whole number that fits in a u64.
fn exact(text: &str) -> Result<u64, NotExact> {
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exp) = match rest.split_once(['e', 'E']) {
        Some((m, e)) => {
            let (neg_e, digits) = match e.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, e.trim_start_matches('+')),
            };
            // Exponents beyond any u64 saturate: 1e999 is too large, 1e-999 not whole. Bounded
            // by far less than i64's range, so subtracting the fraction's digits cannot overflow.
            let e: i64 = digits
                .parse::<i64>()
                .unwrap_or(i64::MAX)
                .min(i64::from(u32::MAX));
            (m, if neg_e { -e } else { e })
        }
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let mut exp = exp - frac.len() as i64;
    while exp < 0 && digits.last() == Some(&b'0') {
        digits.pop();
        exp += 1;
    }
    let start = digits
        .iter()
        .position(|&d| d != b'0')
        .unwrap_or(digits.len());
    let digits = &digits[start..];
    if digits.is_empty() {
        return Ok(0);
    }
    if neg || exp < 0 {
        return Err(NotWhole);
    }
    let mut n: u64 = 0;
    for &d in digits {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
            .ok_or(TooLarge)?;
    }
    u32::try_from(exp)
        .ok()
        .and_then(|e| 10u64.checked_pow(e))
        .and_then(|p| n.checked_mul(p))
        .ok_or(TooLarge)
}

/// An object's field, if it is there.
pub fn get<'v>(fields: &'v [(String, Json)], name: &str) -> Option<&'v Json> {
    fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// A field the type needs, read by `f`.
pub fn field<T>(fields: &[(String, Json)], name: &'static str, f: fn(&Json) -> Read<T>) -> Read<T> {
    match get(fields, name) {
        Some(v) => f(v).map_err(|e| e.at(Seg::Field(name))),
        None => Err(Bad::new(What::Missing(name))),
    }
}

/// A field that may be left out (then `default`).
pub fn field_or<T>(
    fields: &[(String, Json)],
    name: &'static str,
    f: fn(&Json) -> Read<T>,
    default: impl FnOnce() -> T,
) -> Read<T> {
    match get(fields, name) {
        Some(v) => f(v).map_err(|e| e.at(Seg::Field(name))),
        None => Ok(default()),
    }
}

/// An optional field: left out or `null` is `None`.
pub fn field_opt<T>(
    fields: &[(String, Json)],
    name: &'static str,
    f: fn(&Json) -> Read<T>,
) -> Read<Option<T>> {
    match get(fields, name) {
        Some(v) => nullable(v, f).map_err(|e| e.at(Seg::Field(name))),
        None => Ok(None),
    }
}

/// An enum value as serde writes it: a unit variant as its name, any other as an object
/// with one key, the name, holding its value. Returns the name (one of `names`) and the value
/// (`null` for a bare name).
pub fn variant<'v>(v: &'v Json, names: &'static [&'static str]) -> Read<(&'static str, &'v Json)> {
    let (name, value) = match v {
        Json::Str(name) => (name, &Json::Null),
        // One key (written more than once, it is still one key).
        Json::Obj(fields)
            if fields.iter().all(|(k, _)| *k == fields[0].0) && !fields.is_empty() =>
        {
            let (k, v) = &fields[fields.len() - 1];
            (k, v)
        }
        Json::Obj(fields) => return Err(Bad::shape(Shape::Keys(fields.len() as u32))),
        _ => return expected(Want::Variant, v),
    };
    match names.iter().find(|n| *n == name) {
        Some(n) => Ok((n, value)),
        None => unknown(name, names),
    }
}

/// A name that is none of `names`.
pub fn unknown<T>(name: &str, names: &[&str]) -> Read<T> {
    Err(Bad::shape(Shape::NotOneOf {
        name: quoted(name),
        names: names.join(", "),
    }))
}

/// Text from the file, for a message: at most 40 characters of it.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// What was read inside the variant or field `name`: its errors say so.
pub fn within<T>(name: &'static str, r: Read<T>) -> Read<T> {
    r.map_err(|e| e.at(Seg::Field(name)))
}

/// Item `i` of a list, read by `f`.
pub fn item<T>(items: &[Json], i: u32, f: fn(&Json) -> Read<T>) -> Read<T> {
    match items.get(i as usize) {
        Some(v) => f(v).map_err(|e| e.at(Seg::Index(i))),
        None => Err(Bad::shape(Shape::NoItem(i))),
    }
}

/// A unit variant's value: nothing (`null`).
pub fn unit(v: &Json) -> Read<()> {
    match v {
        Json::Null => Ok(()),
        _ => expected(Want::Nothing, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(t: &str) -> Json {
        Json::Num(t.into())
    }

    #[test]
    fn parses_every_kind_of_value() {
        let v =
            parse(r#" {"a": [1, -2.5e3, true, false, null, "x\n\u00e9\ud83d\ude00"], "b": {}} "#)
                .unwrap();
        assert_eq!(
            v,
            Json::Obj(vec![
                (
                    "a".into(),
                    Json::Arr(vec![
                        num("1"),
                        num("-2.5e3"),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null,
                        Json::Str("x\né😀".into()),
                    ])
                ),
                ("b".into(), Json::Obj(vec![])),
            ])
        );
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "tru",
            "\"a",
            "'a'",
            "{a:1}",
            "[1 2]",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\u12\"",
            "1 2",
            "nul",
            "[+1]",
            "\"\\u+123\"",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(matches!(e.what(), What::Syntax { .. }), "{bad:?}");
        }
    }

    #[test]
    fn a_repeated_key_reads_as_its_last_value() {
        let v = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(get(object(&v).unwrap(), "a"), Some(&num("3")));
        let v = parse(r#"{"Crash": 1, "Crash": 2}"#).unwrap();
        assert_eq!(variant(&v, &["Crash"]).unwrap(), ("Crash", &num("2")));
        let v = parse(r#"{"Crash": 1, "Heal": 2}"#).unwrap();
        assert_eq!(
            variant(&v, &["Crash", "Heal"]).unwrap_err().to_string(),
            "expected a name or an object with one key, found an object with 2 keys"
        );
    }

    #[test]
    fn an_object_of_many_keys_reads() {
        // 80,000 keys, under the file limit. (Parsing keeps every key and `get` looks from the
        // end: linear. A parser that dropped repeated keys as it went took 8.7 s for this.)
        let text = format!(
            "{{{}}}",
            (0..80_000)
                .map(|i| format!("\"k{i}\":0"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let v = parse(&text).unwrap();
        assert_eq!(get(object(&v).unwrap(), "k79999"), Some(&num("0")));
    }

    #[test]
    fn syntax_errors_say_the_line_and_the_column() {
        // The `]` after a comma, where a value belongs.
        let e = parse("{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}").unwrap_err();
        assert_eq!(
            e.what(),
            &What::Syntax {
                line: 3,
                column: 14
            }
        );
        assert_eq!(e.to_string(), "not JSON at line 3, column 14");
        // Columns count characters, not bytes.
        let e = parse("{\"名字\": 1 2}").unwrap_err();
        assert_eq!(
            e.what(),
            &What::Syntax {
                line: 1,
                column: 10
            }
        );
        let e = parse("[1] x").unwrap_err();
        assert_eq!(e.what(), &What::Syntax { line: 1, column: 5 });
    }

    #[test]
    fn long_text_is_cut_in_messages() {
        let long = "9".repeat(1000);
        let e = whole(&num(&long), 9).unwrap_err().to_string();
        assert_eq!(e, format!("{}… is more than 9", "9".repeat(40)));
        let e = unknown::<()>(&"x".repeat(1000), &["A"])
            .unwrap_err()
            .to_string();
        assert_eq!(e, format!("\"{}…\" is not one of A", "x".repeat(40)));
    }

    #[test]
    fn lone_surrogates_become_the_replacement_character() {
        assert_eq!(
            parse(r#""\ud800x\udc00""#).unwrap(),
            Json::Str("\u{fffd}x\u{fffd}".into())
        );
        assert_eq!(
            parse(r#""\ud800\u0041""#).unwrap(),
            Json::Str("\u{fffd}A".into())
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.to_string().contains("nested more than 64"), "{e}");
        let ok = "[".repeat(64) + &"]".repeat(64);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn whole_numbers_are_read_exactly() {
        let w = |t: &str, max: u64| whole(&num(t), max);
        assert_eq!(w("0", 9), Ok(0));
        assert_eq!(w("-0", 9), Ok(0));
        assert_eq!(w("5.0", 9), Ok(5));
        assert_eq!(w("5e0", 9), Ok(5));
        assert_eq!(w("50e-1", 9), Ok(5));
        assert_eq!(w("0.5e1", 9), Ok(5));
        assert_eq!(w("1E2", 100), Ok(100));
        assert_eq!(w("18446744073709551615", u64::MAX), Ok(u64::MAX));
        assert_eq!(w("9007199254740993", u64::MAX), Ok(9_007_199_254_740_993));
        assert_eq!(w("0e-999999999999999", 9), Ok(0));
        assert_eq!(w("1e+1", 10), Ok(10));
        // Exponents at the edge of i64, with fraction digits: no overflow.
        assert_eq!(w("0.00e-9223372036854775807", 9), Ok(0));
        assert_eq!(
            w("1.25e9223372036854775807", u64::MAX)
                .unwrap_err()
                .to_string(),
            format!("1.25e9223372036854775807 is more than {}", u64::MAX)
        );
        assert_eq!(
            w("1.25e-9223372036854775807", 255).unwrap_err().to_string(),
            "1.25e-9223372036854775807 is not a whole number from 0 to 255"
        );
        for (t, max) in [
            ("1.5", 9),
            ("-1", 9),
            ("10", 9),
            ("18446744073709551616", u64::MAX),
            ("1e20", u64::MAX),
            ("1e999999999999999999", u64::MAX),
            ("0.1e1", 0),
            ("256", 255),
            ("1e-999999999999999", 9),
            ("-0.5", 9),
        ] {
            assert!(w(t, max).is_err(), "{t} up to {max}");
        }
        assert_eq!(
            w("1.5", 255).unwrap_err().to_string(),
            "1.5 is not a whole number from 0 to 255"
        );
        assert_eq!(
            w("300", 255).unwrap_err().to_string(),
            "300 is more than 255"
        );
        assert_eq!(
            w("-3", 255).unwrap_err().to_string(),
            "-3 is not a whole number from 0 to 255"
        );
        assert_eq!(
            w("1e20", u64::MAX).unwrap_err().to_string(),
            format!("1e20 is more than {}", u64::MAX)
        );
        assert_eq!(
            whole(&Json::Str("5".into()), 9).unwrap_err().to_string(),
            "expected a whole number, found a string"
        );
    }

    #[test]
    fn errors_say_where() {
        let v = parse(r#"{"a": [{"b": 1}, {"b": "x"}]}"#).unwrap();
        let read = |v: &Json| -> Read<Vec<u8>> {
            field(object(v)?, "a", |a| {
                each(a, |x| field(object(x)?, "b", u8_))
            })
        };
        assert_eq!(
            read(&v).unwrap_err().to_string(),
            "a[1].b: expected a whole number, found a string"
        );
        let v = parse(r#"{"a": [{"c": 1}]}"#).unwrap();
        assert_eq!(read(&v).unwrap_err().to_string(), "a[0]: missing field b");
    }
}
