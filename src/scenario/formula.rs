//! Payoff, probability, schedule and state formulas: a bounded parser that compiles to a flat
//! instruction list over numbered slots (parameters, `round`, state variables, and what the
//! round just played showed).
//!
//! Written by hand on purpose: `evalexpr` is AGPL-3.0 and aborts the process on deeply nested
//! input, and `exmex` reports neither the byte position of an unknown name nor a nesting bound.
//! Scenario errors must point at the offending character and must never crash, so the parser
//! enforces a length and a depth limit and every error carries its offset in the formula.

use std::fmt;

/// Longest formula accepted, in bytes.
pub const MAX_FORMULA_LEN: usize = 4096;
/// Deepest nesting of parentheses, unary signs and function calls accepted.
pub const MAX_NESTING: usize = 64;

/// A compile error with the byte offset in the formula text where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaError {
    pub offset: usize,
    pub message: String,
    /// The nearest known name, when the error is an unknown name.
    pub suggestion: Option<String>,
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where a formula's names and match-reading calls (`played(Russia, "D")`) resolve to.
pub trait Scope {
    /// The slot a bare name reads: `Err(None)` for a name unknown here, `Err(Some(why))` for a
    /// known name this formula may not read.
    fn slot(&self, name: &str) -> Result<usize, Option<String>>;
    /// Every name known here, for suggestions.
    fn known(&self) -> Vec<String>;
    /// What a name here may be, for "unknown …" messages.
    fn kinds(&self) -> &'static str {
        "parameter"
    }
    /// The slot for a call of one of [`READING_FUNCTIONS`], with its arguments as written (the
    /// parser has checked their number).
    fn reading(&mut self, function: &str, arguments: &[String]) -> Result<usize, CallError>;
}

/// Why a match-reading call was refused: `argument` says which argument to point at (none
/// for the call itself).
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    pub argument: Option<usize>,
    pub message: String,
    pub suggestion: Option<String>,
}

/// A scope of parameter names only, slot = position in the list; match-reading calls are
/// refused.
struct ParameterList<'a>(&'a [String]);

impl Scope for ParameterList<'_> {
    fn slot(&self, name: &str) -> Result<usize, Option<String>> {
        self.0.iter().position(|known| known == name).ok_or(None)
    }

    fn known(&self) -> Vec<String> {
        self.0.to_vec()
    }

    fn reading(&mut self, function: &str, _arguments: &[String]) -> Result<usize, CallError> {
        Err(CallError {
            argument: None,
            message: format!(
                "`{function}` reads the round just played; only a [state] update may use it"
            ),
            suggestion: None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64),
    Param(usize),
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Min,
    Max,
    Abs,
    Exp,
    Ln,
    Sqrt,
    Step,
}

/// A compiled formula: postfix instructions over parameter slots.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    ops: Vec<Op>,
    max_stack: usize,
    /// Offset of each `/` in the text, in the order the divisions appear in `ops`.
    division_offsets: Vec<usize>,
}

impl Formula {
    /// A formula that is just a number.
    pub fn constant(value: f64) -> Self {
        Formula {
            ops: vec![Op::Const(value)],
            max_stack: 1,
            division_offsets: Vec::new(),
        }
    }

    /// Compiles `text`; names resolve to their index in `parameter_names`.
    pub fn compile(text: &str, parameter_names: &[String]) -> Result<Self, FormulaError> {
        Formula::compile_in(text, &mut ParameterList(parameter_names))
    }

    /// Compiles `text` with names and match-reading calls resolved by `scope`.
    pub fn compile_in(text: &str, scope: &mut dyn Scope) -> Result<Self, FormulaError> {
        if text.len() > MAX_FORMULA_LEN {
            return Err(FormulaError {
                offset: 0,
                message: format!(
                    "formula is {} bytes long; the limit is {MAX_FORMULA_LEN}",
                    text.len()
                ),
                suggestion: None,
            });
        }
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens: &tokens,
            position: 0,
            depth: 0,
            ops: Vec::new(),
            division_offsets: Vec::new(),
            scope,
            text_len: text.len(),
        };
        parser.expression()?;
        if let Some(token) = parser.peek() {
            return Err(error_at(
                token.offset,
                format!("unexpected {} after the end of the formula", token.kind),
            ));
        }
        let max_stack = stack_depth(&parser.ops);
        let formula = Formula {
            ops: parser.ops,
            max_stack,
            division_offsets: parser.division_offsets,
        };
        formula.check_constant_divisions()?;
        Ok(formula)
    }

    /// Evaluates with the parameter values in the order the names were given at compile time.
    pub fn evaluate(&self, parameters: &[f64]) -> f64 {
        let mut stack: Vec<f64> = Vec::with_capacity(self.max_stack);
        self.evaluate_with(parameters, &mut stack)
    }

    /// `evaluate` on a caller's stack: allocates nothing once `stack` holds
    /// [`Formula::stack_needed`] values, so the round loop can use it.
    #[inline]
    pub fn evaluate_with(&self, slots: &[f64], stack: &mut Vec<f64>) -> f64 {
        stack.clear();
        for op in &self.ops {
            apply(*op, stack, slots);
        }
        stack.pop().unwrap_or(f64::NAN)
    }

    /// The deepest stack evaluation needs.
    pub fn stack_needed(&self) -> usize {
        self.max_stack
    }

    /// True when the formula uses no parameter.
    pub fn is_constant(&self) -> bool {
        self.parameters().next().is_none()
    }

    /// The index of every parameter the formula reads (repeated as often as it is read).
    pub fn parameters(&self) -> impl Iterator<Item = usize> + '_ {
        self.ops.iter().filter_map(|op| match op {
            Op::Param(index) => Some(*index),
            _ => None,
        })
    }

    /// Rejects a division whose divisor is a parameter-free subexpression equal to zero.
    fn check_constant_divisions(&self) -> Result<(), FormulaError> {
        // Track, for every stack slot, whether it is constant and its value.
        let mut stack: Vec<Option<f64>> = Vec::with_capacity(self.max_stack);
        let mut divisions_seen = 0;
        for op in &self.ops {
            match op {
                Op::Const(value) => stack.push(Some(*value)),
                Op::Param(_) => stack.push(None),
                Op::Neg | Op::Abs | Op::Exp | Op::Ln | Op::Sqrt | Op::Step => {
                    let operand = stack.pop().flatten();
                    stack.push(operand.map(|value| {
                        let mut scratch = vec![value];
                        apply(*op, &mut scratch, &[]);
                        scratch[0]
                    }));
                }
                _ => {
                    let right = stack.pop().flatten();
                    let left = stack.pop().flatten();
                    if *op == Op::Div {
                        if right == Some(0.0) {
                            let offset = self.division_offsets.get(divisions_seen).copied();
                            return Err(error_at(
                                offset.unwrap_or(0),
                                "division by zero: the divisor is always 0".into(),
                            ));
                        }
                        divisions_seen += 1;
                    }
                    stack.push(match (left, right) {
                        (Some(l), Some(r)) => {
                            let mut scratch = vec![l, r];
                            apply(*op, &mut scratch, &[]);
                            Some(scratch[0])
                        }
                        _ => None,
                    });
                }
            }
        }
        Ok(())
    }
}

#[inline]
fn apply(op: Op, stack: &mut Vec<f64>, parameters: &[f64]) {
    let unary = |stack: &mut Vec<f64>, f: fn(f64) -> f64| {
        let value = stack.pop().unwrap_or(f64::NAN);
        stack.push(f(value));
    };
    let binary = |stack: &mut Vec<f64>, f: fn(f64, f64) -> f64| {
        let right = stack.pop().unwrap_or(f64::NAN);
        let left = stack.pop().unwrap_or(f64::NAN);
        stack.push(f(left, right));
    };
    match op {
        Op::Const(value) => stack.push(value),
        Op::Param(index) => stack.push(parameters.get(index).copied().unwrap_or(f64::NAN)),
        Op::Neg => unary(stack, |x| -x),
        Op::Abs => unary(stack, f64::abs),
        Op::Exp => unary(stack, f64::exp),
        Op::Ln => unary(stack, f64::ln),
        Op::Sqrt => unary(stack, f64::sqrt),
        Op::Step => unary(stack, step),
        Op::Add => binary(stack, |a, b| a + b),
        Op::Sub => binary(stack, |a, b| a - b),
        Op::Mul => binary(stack, |a, b| a * b),
        Op::Div => binary(stack, |a, b| a / b),
        Op::Pow => binary(stack, f64::powf),
        Op::Min => binary(stack, f64::min),
        Op::Max => binary(stack, f64::max),
    }
}

/// 1 from 0 on, else 0 (NaN stays NaN): `step(round - 20)` switches on at round 20.
fn step(x: f64) -> f64 {
    if x.is_nan() {
        x
    } else if x >= 0.0 {
        1.0
    } else {
        0.0
    }
}

fn stack_depth(ops: &[Op]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for op in ops {
        match op {
            Op::Const(_) | Op::Param(_) => depth += 1,
            Op::Neg | Op::Abs | Op::Exp | Op::Ln | Op::Sqrt | Op::Step => {}
            _ => depth = depth.saturating_sub(1),
        }
        deepest = deepest.max(depth);
    }
    deepest
}

fn error_at(offset: usize, message: String) -> FormulaError {
    FormulaError {
        offset,
        message,
        suggestion: None,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Number(f64),
    Name(String),
    /// A quoted action label or player name: `"D"` or `'D'`.
    Text(String),
    Symbol(char),
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenKind::Number(value) => write!(f, "number {}", crate::text::number(*value)),
            TokenKind::Name(name) => write!(f, "name `{}`", crate::text::echo(name)),
            TokenKind::Text(text) => write!(f, "text \"{}\"", crate::text::echo(text)),
            TokenKind::Symbol(symbol) => write!(f, "`{symbol}`"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    offset: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>, FormulaError> {
    let mut tokens = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let start = index;
        if byte.is_ascii_whitespace() {
            index += 1;
        } else if byte.is_ascii_digit() || byte == b'.' {
            while index < bytes.len() && (bytes[index].is_ascii_digit() || bytes[index] == b'.') {
                index += 1;
            }
            // Scientific notation: 1e-3, 2.5E+4.
            if index < bytes.len() && (bytes[index] == b'e' || bytes[index] == b'E') {
                let mut look = index + 1;
                if look < bytes.len() && (bytes[look] == b'+' || bytes[look] == b'-') {
                    look += 1;
                }
                if look < bytes.len() && bytes[look].is_ascii_digit() {
                    index = look;
                    while index < bytes.len() && bytes[index].is_ascii_digit() {
                        index += 1;
                    }
                }
            }
            let literal = &text[start..index];
            let value: f64 = literal.parse().map_err(|_| {
                error_at(
                    start,
                    format!("`{}` is not a number", crate::text::echo(literal)),
                )
            })?;
            tokens.push(Token {
                kind: TokenKind::Number(value),
                offset: start,
            });
        } else if byte.is_ascii_alphabetic() || byte == b'_' {
            while index < bytes.len()
                && (bytes[index].is_ascii_alphanumeric() || bytes[index] == b'_')
            {
                index += 1;
            }
            tokens.push(Token {
                kind: TokenKind::Name(text[start..index].to_string()),
                offset: start,
            });
        } else if byte == b'"' || byte == b'\'' {
            // No escapes: labels with quotes in them can be written with the other quote.
            let Some(length) = text[start + 1..].find(byte as char) else {
                return Err(error_at(
                    start,
                    format!(
                        "the quoted text opened here has no closing `{}`",
                        byte as char
                    ),
                ));
            };
            index = start + 1 + length + 1;
            tokens.push(Token {
                kind: TokenKind::Text(text[start + 1..start + 1 + length].to_string()),
                offset: start,
            });
        } else if b"+-*/^(),".contains(&byte) {
            index += 1;
            tokens.push(Token {
                kind: TokenKind::Symbol(byte as char),
                offset: start,
            });
        } else {
            let character = text[start..].chars().next().unwrap_or('?');
            return Err(error_at(
                start,
                format!(
                    "unexpected character `{}` in formula",
                    crate::text::echo(&character.to_string())
                ),
            ));
        }
    }
    Ok(tokens)
}

const FUNCTIONS: [(&str, usize); 7] = [
    ("min", 2),
    ("max", 2),
    ("abs", 1),
    ("exp", 1),
    ("ln", 1),
    ("sqrt", 1),
    ("step", 1),
];

/// Functions that read the match rather than compute: a player and (for some) an action label,
/// written as names or quoted text. What each returns is the scope's business
/// (`crate::game::dynamics`); the parser only knows their arity.
pub const READING_FUNCTIONS: [(&str, usize); 5] = [
    ("played", 2),
    ("count", 2),
    ("defections", 1),
    ("cooperations", 1),
    ("payoff", 1),
];

/// The name of the current round in every formula that may read it.
pub const ROUND: &str = "round";

/// True for a function name or `round`, which a parameter or state variable may not take.
pub fn is_function_name(name: &str) -> bool {
    name == ROUND
        || FUNCTIONS
            .iter()
            .chain(&READING_FUNCTIONS)
            .any(|(function, _)| *function == name)
}

/// "1 argument", "2 arguments".
fn arguments_text(count: usize) -> String {
    if count == 1 {
        "1 argument".to_string()
    } else {
        format!("{count} arguments")
    }
}

/// How many arguments a call gave before it was closed: "none", "1", …
fn found_count(count: usize) -> String {
    if count == 0 {
        "none".to_string()
    } else {
        count.to_string()
    }
}

/// A token as a message shows it, or the end of the formula.
fn found_text(token: Option<&Token>) -> String {
    token.map_or("the end of the formula".to_string(), |token| {
        token.kind.to_string()
    })
}

struct Parser<'a> {
    tokens: &'a [Token],
    position: usize,
    depth: usize,
    ops: Vec<Op>,
    division_offsets: Vec<usize>,
    scope: &'a mut dyn Scope,
    text_len: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn peek_symbol(&self) -> Option<char> {
        match self.peek() {
            Some(Token {
                kind: TokenKind::Symbol(symbol),
                ..
            }) => Some(*symbol),
            _ => None,
        }
    }

    fn current_offset(&self) -> usize {
        self.peek().map_or(self.text_len, |token| token.offset)
    }

    fn enter(&mut self) -> Result<(), FormulaError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(error_at(
                self.current_offset(),
                format!("formula is nested more than {MAX_NESTING} levels deep"),
            ));
        }
        Ok(())
    }

    fn expect_symbol(&mut self, symbol: char) -> Result<(), FormulaError> {
        if self.peek_symbol() == Some(symbol) {
            self.position += 1;
            Ok(())
        } else {
            Err(error_at(
                self.current_offset(),
                format!("expected `{symbol}`, found {}", found_text(self.peek())),
            ))
        }
    }

    // expression := term (("+" | "-") term)*
    fn expression(&mut self) -> Result<(), FormulaError> {
        self.enter()?;
        self.term()?;
        while let Some(symbol @ ('+' | '-')) = self.peek_symbol() {
            self.position += 1;
            self.term()?;
            self.ops.push(if symbol == '+' { Op::Add } else { Op::Sub });
        }
        self.depth -= 1;
        Ok(())
    }

    // term := unary (("*" | "/") unary)*
    fn term(&mut self) -> Result<(), FormulaError> {
        self.unary()?;
        while let Some(symbol @ ('*' | '/')) = self.peek_symbol() {
            let offset = self.current_offset();
            self.position += 1;
            self.unary()?;
            if symbol == '*' {
                self.ops.push(Op::Mul);
            } else {
                // Recorded when the instruction is emitted, so inner divisions come first.
                self.division_offsets.push(offset);
                self.ops.push(Op::Div);
            }
        }
        Ok(())
    }

    // unary := ("-" | "+") unary | power ; so -2^2 = -(2^2), as in mathematics.
    fn unary(&mut self) -> Result<(), FormulaError> {
        match self.peek_symbol() {
            Some(symbol @ ('-' | '+')) => {
                self.position += 1;
                self.enter()?;
                self.unary()?;
                self.depth -= 1;
                if symbol == '-' {
                    self.ops.push(Op::Neg);
                }
                Ok(())
            }
            _ => self.power(),
        }
    }

    // power := primary ("^" unary)? ; right-associative.
    fn power(&mut self) -> Result<(), FormulaError> {
        self.primary()?;
        if self.peek_symbol() == Some('^') {
            self.position += 1;
            self.enter()?;
            self.unary()?;
            self.depth -= 1;
            self.ops.push(Op::Pow);
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<(), FormulaError> {
        let Some(token) = self.peek().cloned() else {
            return Err(error_at(self.text_len, "formula ends too early".into()));
        };
        self.position += 1;
        match token.kind {
            TokenKind::Number(value) => {
                self.ops.push(Op::Const(value));
                Ok(())
            }
            TokenKind::Symbol('(') => {
                self.expression()?;
                self.expect_symbol(')')
            }
            TokenKind::Name(name) if self.peek_symbol() == Some('(') => {
                self.call(&name, token.offset)
            }
            TokenKind::Name(name) => self.name(&name, token.offset),
            TokenKind::Symbol(symbol) => Err(error_at(
                token.offset,
                format!("expected a number, a name or `(`, found `{symbol}`"),
            )),
            TokenKind::Text(_) => Err(error_at(
                token.offset,
                format!(
                    "quoted text is an argument of a function that reads the match (such as \
                     `played(Russia, \"D\")`), not a value; found {}",
                    token.kind
                ),
            )),
        }
    }

    fn name(&mut self, name: &str, offset: usize) -> Result<(), FormulaError> {
        let message = match self.scope.slot(name) {
            Ok(index) => {
                self.ops.push(Op::Param(index));
                return Ok(());
            }
            Err(Some(why)) => {
                return Err(error_at(offset, why));
            }
            Err(None) => name,
        };
        let message = if message == ROUND {
            "`round` changes during the match, and this value is fixed for it".to_string()
        } else if is_function_name(name) {
            format!("function `{name}` needs its arguments in parentheses")
        } else {
            // A name may be 4096 characters long; quote at most the start of it.
            format!(
                "unknown {} `{}`",
                self.scope.kinds(),
                crate::text::echo(name)
            )
        };
        Err(FormulaError {
            offset,
            message,
            suggestion: crate::scenario::nearest_name(name, self.scope.known().iter()),
        })
    }

    /// The arguments of a match-reading call: names or quoted text, separated by commas.
    fn reading_call(
        &mut self,
        name: &str,
        arity: usize,
        offset: usize,
    ) -> Result<(), FormulaError> {
        self.expect_symbol('(')?;
        let what = if arity == 1 {
            "a player"
        } else {
            "a player and an action label"
        };
        let takes = format!("`{name}` takes {} ({what})", arguments_text(arity));
        let mut arguments = Vec::with_capacity(arity);
        let mut offsets = Vec::with_capacity(arity);
        for argument in 0..arity {
            if self.peek_symbol() == Some(')') {
                return Err(error_at(
                    self.current_offset(),
                    format!("{takes}, found {}", found_count(argument)),
                ));
            }
            if argument > 0 {
                self.expect_symbol(',')?;
            }
            match self.peek().cloned() {
                Some(Token {
                    kind: TokenKind::Name(text) | TokenKind::Text(text),
                    offset,
                }) => {
                    self.position += 1;
                    arguments.push(text);
                    offsets.push(offset);
                }
                found => {
                    let (ordinal, kind) = if argument == 0 {
                        ("first", "a player's name")
                    } else {
                        ("second", "an action label")
                    };
                    return Err(error_at(
                        self.current_offset(),
                        format!(
                            "the {ordinal} argument of `{name}` is {kind}, bare or quoted; found {}",
                            found_text(found.as_ref())
                        ),
                    ));
                }
            }
        }
        match self.peek_symbol() {
            Some(')') => self.position += 1,
            Some(',') => {
                return Err(error_at(
                    self.current_offset(),
                    format!("{takes}, found more"),
                ));
            }
            _ => {
                // `played(Russia, "C" + 1)`: the arguments are names, not formulas.
                let found = self.peek().cloned();
                let hint = if found.is_some() {
                    "; its arguments are names or quoted text, not formulas"
                } else {
                    ""
                };
                return Err(error_at(
                    self.current_offset(),
                    format!(
                        "expected `)` after the arguments of `{name}`, found {}{hint}",
                        found_text(found.as_ref())
                    ),
                ));
            }
        }
        let slot = self
            .scope
            .reading(name, &arguments)
            .map_err(|error| FormulaError {
                offset: error
                    .argument
                    .and_then(|index| offsets.get(index).copied())
                    .unwrap_or(offset),
                message: error.message,
                suggestion: error.suggestion,
            })?;
        self.ops.push(Op::Param(slot));
        Ok(())
    }

    fn call(&mut self, name: &str, offset: usize) -> Result<(), FormulaError> {
        if let Some(&(_, arity)) = READING_FUNCTIONS
            .iter()
            .find(|(function, _)| *function == name)
        {
            return self.reading_call(name, arity, offset);
        }
        let Some(&(_, arity)) = FUNCTIONS.iter().find(|(function, _)| *function == name) else {
            return Err(FormulaError {
                offset,
                message: format!("unknown function `{}`", crate::text::echo(name)),
                suggestion: crate::scenario::nearest_name(
                    name,
                    FUNCTIONS
                        .iter()
                        .chain(&READING_FUNCTIONS)
                        .map(|(function, _)| *function),
                ),
            });
        };
        self.expect_symbol('(')?;
        for argument in 0..arity {
            if self.peek_symbol() == Some(')') {
                return Err(error_at(
                    self.current_offset(),
                    format!(
                        "`{name}` takes {}, found {}",
                        arguments_text(arity),
                        found_count(argument)
                    ),
                ));
            }
            if argument > 0 {
                self.expect_symbol(',')?;
            }
            self.expression()?;
        }
        if self.peek_symbol() == Some(',') {
            return Err(error_at(
                self.current_offset(),
                format!("`{name}` takes {}, found more", arguments_text(arity)),
            ));
        }
        self.expect_symbol(')')?;
        self.ops.push(match name {
            "min" => Op::Min,
            "max" => Op::Max,
            "abs" => Op::Abs,
            "exp" => Op::Exp,
            "ln" => Op::Ln,
            "step" => Op::Step,
            _ => Op::Sqrt,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    fn eval(text: &str) -> f64 {
        Formula::compile(text, &[]).unwrap().evaluate(&[])
    }

    #[test]
    fn precedence_and_associativity_follow_mathematics() {
        assert_eq!(eval("1 + 2 * 3"), 7.0);
        assert_eq!(eval("(1 + 2) * 3"), 9.0);
        assert_eq!(eval("2 ^ 3 ^ 2"), 512.0);
        assert_eq!(eval("-2 ^ 2"), -4.0);
        assert_eq!(eval("10 - 4 - 3"), 3.0);
        assert_eq!(eval("12 / 3 / 2"), 2.0);
        assert_eq!(eval("2.5e1 + 1E-1"), 25.1);
    }

    #[test]
    fn functions_and_parameters_evaluate() {
        let formula = Formula::compile(
            "max(a, b) - min(a, b) + abs(0 - a) + sqrt(b) + ln(exp(a))",
            &names(&["a", "b"]),
        )
        .unwrap();
        assert_eq!(formula.evaluate(&[2.0, 9.0]), 7.0 + 2.0 + 3.0 + 2.0);
        assert!(!formula.is_constant());
    }

    #[test]
    fn unknown_name_points_at_it_and_suggests_the_nearest() {
        let error =
            Formula::compile("1 - energy_dependance", &names(&["energy_dependence"])).unwrap_err();
        assert_eq!(error.offset, 4);
        assert_eq!(error.suggestion.as_deref(), Some("energy_dependence"));
    }

    #[test]
    fn constant_division_by_zero_is_a_compile_error() {
        let error = Formula::compile("a / (2 - 2)", &names(&["a"])).unwrap_err();
        assert!(error.message.contains("division by zero"), "{error}");
        assert_eq!(error.offset, 2);
        let nested = Formula::compile("a / (a / 0)", &names(&["a"])).unwrap_err();
        assert_eq!(nested.offset, 7);
        assert!(Formula::compile("a / (2 - a)", &names(&["a"])).is_ok());
    }

    #[test]
    fn deep_nesting_and_huge_input_are_errors_not_crashes() {
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(Formula::compile(&deep, &[]).is_err());
        let nested = format!(
            "{}1{}",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        assert!(
            Formula::compile(&nested, &[])
                .unwrap_err()
                .message
                .contains("nested")
        );
        let minus = "-".repeat(1000) + "1";
        assert!(Formula::compile(&minus, &[]).is_err());
        let shallow = format!("{}1{}", "(".repeat(20), ")".repeat(20));
        assert_eq!(Formula::compile(&shallow, &[]).unwrap().evaluate(&[]), 1.0);
    }

    #[test]
    fn malformed_formulas_are_rejected_with_offsets() {
        for (text, offset) in [
            ("1 +", 3),
            ("(1", 2),
            ("1 2", 2),
            ("2 $ 3", 2),
            ("min(1)", 5),
        ] {
            let error = Formula::compile(text, &[]).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {error}");
        }
    }

    /// A scope that accepts every match-reading call and records its arguments.
    #[derive(Default)]
    struct Recorder {
        calls: Vec<(String, Vec<String>)>,
    }

    impl Scope for Recorder {
        fn slot(&self, name: &str) -> Result<usize, Option<String>> {
            if name == "trust" { Ok(0) } else { Err(None) }
        }

        fn known(&self) -> Vec<String> {
            names(&["trust"])
        }

        fn reading(&mut self, function: &str, arguments: &[String]) -> Result<usize, CallError> {
            self.calls.push((function.to_string(), arguments.to_vec()));
            Ok(1)
        }
    }

    fn compile_reading(text: &str) -> Result<Vec<(String, Vec<String>)>, FormulaError> {
        let mut scope = Recorder::default();
        Formula::compile_in(text, &mut scope)?;
        Ok(scope.calls)
    }

    #[test]
    fn quoted_text_is_a_token_with_either_quote_and_no_escapes() {
        let tokens = tokenize(r#"played(Russia, "D") + 'it"s'"#).unwrap();
        let texts: Vec<(String, usize)> = tokens
            .iter()
            .filter_map(|token| match &token.kind {
                TokenKind::Text(text) => Some((text.clone(), token.offset)),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            vec![("D".to_string(), 15), ("it\"s".to_string(), 22)]
        );
        // Bare, double- and single-quoted arguments read the same.
        let calls = compile_reading(r#"played(Russia, D) + played("Russia", 'D')"#).unwrap();
        assert_eq!(calls[0], calls[1]);
        assert_eq!(calls[0].1, names(&["Russia", "D"]));
        // Labels with spaces or commas can only be written quoted.
        let calls = compile_reading(r#"count(Russia, "stand down, now")"#).unwrap();
        assert_eq!(calls[0].1, names(&["Russia", "stand down, now"]));
        // An unclosed quote points at where it opens.
        let error = tokenize(r#"1 + played(Russia, "D)"#).unwrap_err();
        assert_eq!(error.offset, 19);
        assert!(error.message.contains("no closing `\"`"), "{error}");
        // Quoted text is an argument, not a value.
        let error = Formula::compile(r#"1 + "D""#, &[]).unwrap_err();
        assert_eq!(error.offset, 4);
        assert!(error.message.contains("not a value"), "{error}");
        let error = Formula::compile("'D' * 2", &[]).unwrap_err();
        assert_eq!(error.offset, 0);
    }

    #[test]
    fn step_is_one_from_zero_on() {
        assert_eq!(eval("step(0)"), 1.0);
        assert_eq!(eval("step(2.5)"), 1.0);
        assert_eq!(eval("step(-0.001)"), 0.0);
        assert_eq!(eval("step(-0)"), 1.0);
        assert!(eval("step(sqrt(-1))").is_nan());
        // `reward = "3 + 2 * step(round - k)"`: 3 before round k, 5 from it on.
        let reward = Formula::compile("3 + 2 * step(round - k)", &names(&["round", "k"])).unwrap();
        assert_eq!(reward.evaluate(&[4.0, 5.0]), 3.0);
        assert_eq!(reward.evaluate(&[5.0, 5.0]), 5.0);
        assert_eq!(reward.evaluate(&[6.0, 5.0]), 5.0);
        let error = Formula::compile("step(1, 2)", &[]).unwrap_err();
        assert_eq!(error.offset, 6);
        assert!(error.message.contains("`step` takes 1 argument"), "{error}");
    }

    #[test]
    fn ordinary_function_arity_is_told_in_words() {
        for (text, offset, fragment) in [
            ("min(1)", 5, "`min` takes 2 arguments, found 1"),
            ("max()", 4, "`max` takes 2 arguments, found none"),
            ("abs(1, 2)", 5, "`abs` takes 1 argument, found more"),
        ] {
            let error = Formula::compile(text, &[]).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {error}");
            assert!(error.message.contains(fragment), "{text}: {error}");
        }
    }

    #[test]
    fn reading_function_arity_and_arguments_are_checked_before_the_scope() {
        for (text, offset, fragment) in [
            (
                "played(Russia)",
                13,
                "`played` takes 2 arguments (a player and an action label), found 1",
            ),
            (
                "count()",
                6,
                "`count` takes 2 arguments (a player and an action label), found none",
            ),
            (
                "payoff()",
                7,
                "`payoff` takes 1 argument (a player), found none",
            ),
            (
                "defections(Russia, D)",
                17,
                "`defections` takes 1 argument (a player), found more",
            ),
            (
                "cooperations(Japan, Russia, D)",
                18,
                "`cooperations` takes 1 argument (a player), found more",
            ),
            (
                "played(1, D)",
                7,
                "the first argument of `played` is a player's name, bare or quoted; found number 1",
            ),
            (
                "played(Russia, 2)",
                15,
                "the second argument of `played` is an action label, bare or quoted; found number 2",
            ),
            (
                "played(Russia, D + 1)",
                17,
                "expected `)` after the arguments of `played`, found `+`; its arguments are names",
            ),
            (
                "played(Russia, D",
                16,
                "expected `)` after the arguments of `played`, found the end of the formula",
            ),
            ("played Russia", 0, "needs its arguments in parentheses"),
        ] {
            let error = compile_reading(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {error}");
            assert!(error.message.contains(fragment), "{text}: {error}");
        }
        // A call of the right shape reaches the scope once per call.
        let calls = compile_reading("trust + payoff(Japan) * cooperations('Russia')").unwrap();
        assert_eq!(
            calls,
            vec![
                ("payoff".to_string(), names(&["Japan"])),
                ("cooperations".to_string(), names(&["Russia"])),
            ]
        );
    }

    #[test]
    fn compile_refuses_reading_functions_where_the_round_is_not_played() {
        // `Formula::compile` knows parameters only: a reading call is refused at the call.
        for (text, offset, function) in [
            (r#"played(Russia, "D")"#, 0, "played"),
            ("1 + count(Russia, D)", 4, "count"),
            ("energy * defections(Japan)", 9, "defections"),
            ("max(0, payoff(Japan))", 7, "payoff"),
            ("cooperations(Russia)", 0, "cooperations"),
        ] {
            let error = Formula::compile(text, &names(&["energy"])).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {error}");
            assert!(
                error.message.contains(&format!(
                    "`{function}` reads the round just played; only a [state] update may use it"
                )),
                "{text}: {error}"
            );
            assert_eq!(error.suggestion, None);
        }
        // The arity is checked first, so a wrong call is told what is wrong with it.
        let error = Formula::compile("played(Russia)", &[]).unwrap_err();
        assert!(error.message.contains("takes 2 arguments"), "{error}");
        // A reading function named without parentheses is not an unknown parameter.
        let error = Formula::compile("1 - played", &[]).unwrap_err();
        assert!(error.message.contains("needs its arguments"), "{error}");
    }
}
