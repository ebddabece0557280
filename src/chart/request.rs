//! What a figure is asked to show: the profiles and players chosen, its title and axis titles,
//! and how a metric is named on an axis.

use super::data::ChartData;
use super::spec::ChartSpec;

/// A chart's title and axis titles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labels {
    pub title: String,
    pub x: Option<String>,
    pub y: Option<String>,
}

/// The profiles (cells, in file order) and players a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub cells: Vec<usize>,
    pub players: Vec<String>,
}

/// What a summary metric is called on an axis.
pub(super) fn metric_title(metric: &str, with_interval: bool) -> String {
    match metric {
        "mean_payoff" if with_interval => "mean payoff per round (95% CI)".into(),
        "mean_payoff" => "mean payoff per round".into(),
        "constrained_share" => "share of rounds a constraint decided".into(),
        "misperceived_share" => "share of observations misread".into(),
        other => match other.strip_prefix("share_") {
            Some(action) => format!("share of rounds playing {action}"),
            None => other.to_string(),
        },
    }
}

/// The profiles and players `spec` asks for, checked against the result files.
pub(super) fn select(data: &ChartData, spec: &ChartSpec) -> Result<Selection, String> {
    let cells = match &spec.profiles {
        None => data.cells(),
        Some(profiles) => profiles
            .iter()
            .map(|wanted| {
                data.cells()
                    .into_iter()
                    .find(|cell| data.profile(*cell).as_deref() == Some(wanted))
                    .ok_or_else(|| format!("summary.csv has no profile {wanted:?}"))
            })
            .collect::<Result<_, _>>()?,
    };
    let players = match &spec.players {
        None => data.players(),
        Some(players) => {
            for player in players {
                if !data.players().contains(player) {
                    return Err(format!("summary.csv has no player {player:?}"));
                }
            }
            players.clone()
        }
    };
    Ok(Selection { cells, players })
}
