//! `dilemma`: parameterized iterated games from scenario files, simulated by parallel Monte
//! Carlo with deterministic random streams, exported as tables and publication charts.

pub mod chart;
pub mod cli;
pub mod display;
pub mod error;
pub mod evolution;
pub mod experiment;
pub mod export;
pub mod game;
pub mod names;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod strategy;
pub mod table;
pub mod text;
pub mod tournament;
