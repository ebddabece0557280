//! The sweep figure: one player's metric (mean payoff by default) against a swept parameter, one
//! panel per profile of the other players' candidates, one line (with its 95% band) per candidate
//! of the player. Drawn for the mean payoff, the top line of a panel is the player's best reply
//! there, so where lines cross the best reply changes (best_replies.csv has the same answer as
//! numbers).

use super::axes::{self, LegendEntry};
use super::data::{ChartData, wilson_interval};
use super::panels::{Panel, Panels, Point, Series};
use super::request::{Labels, metric_title};
use super::rounds::MAX_PANELS;
use super::theme::{self, Theme};
use crate::display;

/// True for metrics that are shares of rounds or observations: their axis is 0 to 1.
fn is_share(metric: &str) -> bool {
    metric.starts_with("share_") || metric.ends_with("_share")
}

/// The figure of `player`'s `metric`, over the one swept parameter of `data`, for the profiles
/// `keep` accepts.
///
/// The band of the mean payoff is summary.csv's 95% interval. A share has none there; its band
/// is Wilson's 95% interval over the replicates, which is conservative: a replicate's share of
/// rounds lies in [0, 1] with mean p, so its variance is at most p(1 − p), that of one draw.
pub fn figure(
    data: &ChartData,
    player: &str,
    metric: &str,
    keep: impl Fn(&str) -> bool,
    labels: Labels,
    theme: Theme,
) -> Result<Panels, String> {
    let [parameter] = data.swept.as_slice() else {
        return Err(format!(
            "the sweep figure draws one swept parameter; this run sweeps {}",
            data.swept.len()
        ));
    };
    if !data.players().iter().any(|p| p == player) {
        return Err(format!("summary.csv has no player {player:?}"));
    }
    // Panels: the others' profiles in the order cells meet them; lines: my candidates in order.
    let mut panel_keys: Vec<String> = Vec::new();
    let mut candidates: Vec<String> = Vec::new();
    // (panel, candidate) → points.
    let mut lines: Vec<Vec<Vec<Point>>> = Vec::new();
    for cell in data.cells() {
        let rows: Vec<_> = data.rows_of(cell).collect();
        let Some(mine) = rows.iter().find(|row| row.player == player) else {
            continue;
        };
        if !keep(&mine.profile) {
            continue;
        }
        let others: Vec<&str> = rows
            .iter()
            .filter(|row| row.player != player)
            .map(|row| row.strategy.as_str())
            .collect();
        let key = others.join(" vs ");
        let panel = match panel_keys.iter().position(|k| *k == key) {
            Some(panel) => panel,
            None => {
                panel_keys.push(key);
                lines.push(vec![Vec::new(); candidates.len()]);
                panel_keys.len() - 1
            }
        };
        let line = match candidates.iter().position(|c| *c == mine.strategy) {
            Some(line) => line,
            None => {
                candidates.push(mine.strategy.clone());
                for panel_lines in &mut lines {
                    panel_lines.push(Vec::new());
                }
                candidates.len() - 1
            }
        };
        let x = mine.point.first().copied().unwrap_or(f64::NAN);
        let measure = data
            .measure(mine, metric)
            .ok_or_else(|| format!("summary.csv has no column {metric}"))?;
        if !x.is_finite() || (metric == "mean_payoff" && !measure.value.is_finite()) {
            return Err(format!(
                "{parameter} or {metric} of {player} in {} is not a number in summary.csv",
                mine.profile
            ));
        }
        // An empty value (the share of an action this player lacks) leaves a gap in the line.
        if !measure.value.is_finite() {
            continue;
        }
        let band = match measure.interval {
            Some(interval) => Some(interval),
            None if is_share(metric) => Some(wilson_interval(measure.value, mine.replicates)),
            None => None,
        };
        lines[panel][line].push(Point {
            x,
            y: measure.value,
            band,
        });
    }
    if lines.iter().flatten().all(Vec::is_empty) {
        return Err(format!("summary.csv has no value of {metric} for {player}"));
    }
    if panel_keys.is_empty() {
        return Err(format!("summary.csv has no rows for {player}"));
    }
    if panel_keys.len() > MAX_PANELS {
        return Err(format!(
            "{} profiles of the other players are too many panels (at most {MAX_PANELS})",
            panel_keys.len()
        ));
    }
    let mut legend = vec![LegendEntry::heading(format!("{player}'s strategy:"))];
    legend.extend(
        candidates
            .iter()
            .enumerate()
            .map(|(index, candidate)| LegendEntry {
                label: display::strategy_name(candidate),
                color: theme::palette(index),
                marker: None,
                dash: Some(theme::dash(index)),
                band: true,
            }),
    );
    let mut values = Vec::new();
    let mut xs = Vec::new();
    let panels: Vec<Panel> = panel_keys
        .iter()
        .zip(lines)
        .map(|(key, panel_lines)| Panel {
            title: format!("against {}", display::profile_name(key)),
            series: panel_lines
                .into_iter()
                .enumerate()
                .map(|(index, mut points)| {
                    points.sort_by(|a, b| a.x.total_cmp(&b.x));
                    for point in &points {
                        xs.push(point.x);
                        values.push(point.y);
                        if let Some((low, high)) = point.band {
                            values.extend([low, high]);
                        }
                    }
                    Series {
                        style: index + 1,
                        points,
                    }
                })
                .collect(),
            guide: Vec::new(),
        })
        .collect();
    let x_range = axes::finite_range(xs).unwrap_or((0.0, 1.0));
    let y_range = if is_share(metric) {
        // The whole 0-to-1 scale, so that a share near 1 does not look like a collapse.
        (0.0, 1.0)
    } else {
        axes::padded(axes::finite_range(values).unwrap_or((0.0, 1.0)), 0.05)
    };
    Ok(Panels {
        theme,
        labels: Labels {
            x: labels.x.or_else(|| Some(parameter.clone())),
            ..labels
        },
        panels,
        legend,
        matrix: None,
        x_ticks: axes::ticks(x_range.0, x_range.1, 4),
        x_range,
        y_ticks: axes::ticks(y_range.0, y_range.1, 4),
        y_range,
        y_title: y_title_of(player, metric),
        stacked: false,
    })
}

/// The vertical axis title: whose metric, and that the band is a 95% interval.
fn y_title_of(player: &str, metric: &str) -> String {
    if metric == "mean_payoff" {
        format!("{player}'s {}", metric_title(metric, true))
    } else {
        format!("{player}'s {} (95% CI)", metric_title(metric, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const THEME: Theme = Theme {
        width_pt: 504.0,
        height_pt: 504.0,
        font_pt: 8.0,
    };

    /// Results of a one-parameter sweep over `rate` (0.1, 0.2): Japan's two candidates against
    /// Russia's one, written as summary.csv writes them.
    fn data() -> (tempfile::TempDir, ChartData) {
        let folder = tempfile::tempdir().unwrap();
        let header = "cell,rate,profile,player,strategy,replicates,mean_payoff,sd_payoff,\
                      ci95_low,ci95_high,share_C,share_D,constrained_share,misperceived_share";
        let rows = [
            "0,0.1,tit_for_tat vs tit_for_tat,Japan,tit_for_tat,100,2.5,1,2.3,2.7,0.5,0.5,0,0.05",
            "0,0.1,tit_for_tat vs tit_for_tat,Russia,tit_for_tat,100,2.5,1,2.3,2.7,0.5,0.5,0,0.05",
            "1,0.1,always_defect vs tit_for_tat,Japan,always_defect,100,4,1,3.8,4.2,0,1,0,0.05",
            "1,0.1,always_defect vs tit_for_tat,Russia,tit_for_tat,100,0.5,1,0.3,0.7,0.1,0.9,0,0",
            "2,0.2,tit_for_tat vs tit_for_tat,Japan,tit_for_tat,100,2,1,1.8,2.2,0.25,0.75,0,0.1",
            "2,0.2,tit_for_tat vs tit_for_tat,Russia,tit_for_tat,100,2,1,1.8,2.2,0.25,0.75,0,0.1",
            "3,0.2,always_defect vs tit_for_tat,Japan,always_defect,100,4,1,3.8,4.2,0,1,0,0.1",
            "3,0.2,always_defect vs tit_for_tat,Russia,tit_for_tat,100,0.5,1,0.3,0.7,0.1,0.9,0,0",
        ];
        std::fs::write(
            folder.path().join("summary.csv"),
            format!("{header}\n{}\n", rows.join("\n")),
        )
        .unwrap();
        let data = ChartData::read(folder.path()).unwrap();
        (folder, data)
    }

    /// A drawn point: x, y and the band.
    type Drawn = (f64, f64, Option<(f64, f64)>);

    fn lines(figure: &Panels) -> Vec<Vec<Drawn>> {
        figure.panels[0]
            .series
            .iter()
            .map(|series| series.points.iter().map(|p| (p.x, p.y, p.band)).collect())
            .collect()
    }

    #[test]
    fn a_share_is_drawn_from_its_column_with_wilsons_interval_over_the_replicates() {
        let (_folder, data) = data();
        let figure = figure(
            &data,
            "Japan",
            "share_C",
            |_| true,
            Labels::default(),
            THEME,
        )
        .unwrap();
        assert_eq!(figure.panels.len(), 1, "one profile of Russia's");
        let lines = lines(&figure);
        // Tit for tat: shares 0.5 and 0.25 at rates 0.1 and 0.2. Wilson's 95% interval for 50
        // of 100 is (0.4038, 0.5962) (Wilson 1927; Newcombe 1998, table I, method 3).
        let [(x0, y0, band0), (x1, y1, _)] = lines[0][..] else {
            panic!("{lines:?}")
        };
        assert_eq!((x0, y0, x1, y1), (0.1, 0.5, 0.2, 0.25));
        let (low, high) = band0.unwrap();
        assert!(
            (low - 0.4038).abs() < 5e-5 && (high - 0.5962).abs() < 5e-5,
            "{band0:?}"
        );
        // Always defect never cooperates; its interval still has width: 0 of 100 gives
        // (0, 0.0370) (Newcombe 1998, table I).
        assert_eq!(lines[1][0].1, 0.0);
        let (low, high) = lines[1][0].2.unwrap();
        assert!(
            low.abs() < 1e-12 && (high - 0.0370).abs() < 5e-5,
            "{low} {high}"
        );
        assert_eq!(
            figure.y_range,
            (0.0, 1.0),
            "a share's axis is the whole scale"
        );
    }

    #[test]
    fn the_mean_payoff_keeps_the_summarys_interval() {
        let (_folder, data) = data();
        let figure = figure(
            &data,
            "Russia",
            "mean_payoff",
            |_| true,
            Labels::default(),
            THEME,
        )
        .unwrap();
        // Russia's panels are Japan's candidates; its one line is tit for tat.
        assert_eq!(figure.panels.len(), 2);
        assert_eq!(lines(&figure)[0][0], (0.1, 2.5, Some((2.3, 2.7))));
        assert!(figure.y_title.contains("mean payoff per round (95% CI)"));
    }

    #[test]
    fn profiles_left_out_draw_no_panel_and_a_missing_metric_is_refused() {
        let (_folder, data) = data();
        let kept = figure(
            &data,
            "Russia",
            "misperceived_share",
            |profile| profile == "always_defect vs tit_for_tat",
            Labels::default(),
            THEME,
        )
        .unwrap();
        assert_eq!(kept.panels.len(), 1);
        assert_eq!(kept.panels[0].title, "against Always defect");
        let refused = figure(
            &data,
            "Russia",
            "share_X",
            |_| true,
            Labels::default(),
            THEME,
        );
        assert!(refused.is_err());
    }
}
