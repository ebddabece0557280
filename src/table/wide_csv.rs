//! Tables as one wide CSV file for other programs: labels as `summary.csv` writes them and every
//! number at full precision (its text from `summary.csv`), three columns per table column.

use super::layout::{Shape, Table};

/// For two players: `player` (whose payoff), the first player's candidate, then `<candidate>
/// mean`, `<candidate> ci95_low`, `<candidate> ci95_high` for each of the second player's
/// candidates; one row per (player, candidate). Otherwise: `profile`, then the three columns per
/// player. Empty where the run has no such number.
pub fn render(tables: &[Table]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    if let Some(first) = tables.first() {
        let mut header: Vec<String> = match &first.shape {
            Shape::Grid { rows_player, .. } => vec!["player".to_string(), rows_player.clone()],
            Shape::Long => vec!["profile".to_string()],
        };
        for column in &first.columns {
            for statistic in ["mean", "ci95_low", "ci95_high"] {
                header.push(format!("{} {statistic}", column.raw));
            }
        }
        write(&mut out, &header);
    }
    for table in tables {
        for row in &table.rows {
            let mut record: Vec<&str> = match &table.shape {
                Shape::Grid { payoff_to, .. } => vec![payoff_to, &row.label.raw],
                Shape::Long => vec![&row.label.raw],
            };
            for entry in &row.entries {
                match entry {
                    Some(entry) => record.extend(
                        [&entry.mean.text, &entry.low.text, &entry.high.text].map(String::as_str),
                    ),
                    None => record.extend(["", "", ""]),
                }
            }
            write(&mut out, &record);
        }
    }
    let bytes = out.into_inner().expect("flushing into memory cannot fail");
    String::from_utf8(bytes).expect("every field comes from UTF-8 text")
}

fn write<I: AsRef<[u8]>>(out: &mut csv::Writer<Vec<u8>>, record: &[I]) {
    out.write_record(record)
        .expect("writing into memory cannot fail");
}
