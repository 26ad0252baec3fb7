using System.Globalization;
using System.Net;
using MedPayIQ.X12;

namespace MedPayIQ.Cli.Commands;

/// <summary>
/// <c>remits --html</c>: the report as one self-contained HTML file (XHTML-compatible markup, inline CSS, charts as
/// inline SVG, no script and nothing fetched): the totals, the variance by code, the denial rate by code and reason,
/// and every line with a variance.
/// </summary>
internal sealed partial class RemitsCommand
{
    private const int ChartWidth = 720, LabelWidth = 110, BarHeight = 18, MostBars = 40;
    private static readonly string[] ReasonColors = ["#b2182b", "#ef8a62", "#67a9cf", "#2166ac", "#999999", "#762a83"];

    private static void WriteHtml(TextWriter o, Report report, RemittanceFiles files)
    {
        var all = report.Totals.All;
        o.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" /><title>medpayiq remits</title><style>");
        o.Write("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}td.n{text-align:right}svg text{font-size:12px;font-family:sans-serif}.under{fill:#b2182b}.over{fill:#2166ac}");
        o.Write("</style></head><body>\n");
        o.Write("<h1>Remittances against Medicare's payment rules</h1>\n");
        o.Write(F($"<p>{files.Files.Count} file(s): {E(string.Join(", ", files.Files.Select(f => f.Name)))}; {report.Claims.Count} claims, {all.Lines} lines. Variance is paid less expected.</p>\n"));
        o.Write("<table><tr><th>paid</th><th>expected</th><th>variance</th><th>underpaid lines</th><th>underpaid</th><th>overpaid lines</th><th>overpaid</th></tr>");
        o.Write(F($"<tr><td class=\"n\">{all.Paid:N2}</td><td class=\"n\">{all.ExpectedPaid:N2}</td><td class=\"n\">{all.Variance:N2}</td><td class=\"n\">{all.UnderpaidLines}</td><td class=\"n\">{all.Underpaid:N2}</td><td class=\"n\">{all.OverpaidLines}</td><td class=\"n\">{all.Overpaid:N2}</td></tr></table>\n"));

        var variances = report.Totals.ByCode.Where(kv => kv.Value.Variance != 0m).OrderBy(kv => kv.Value.Variance).Take(MostBars).ToList();
        o.Write("<h2>Variance by code</h2>\n");
        VarianceChart(o, variances);
        var denials = report.History.ByCodeAndModifiers.Where(c => c.DeniedLines > 0).OrderByDescending(c => (decimal)c.DeniedLines / c.Lines).Take(MostBars).ToList();
        o.Write("<h2>Denial rate by code and reason</h2>\n");
        DenialChart(o, denials);

        o.Write("<h2>Lines with a variance</h2>\n<table><tr><th>payer</th><th>claim</th><th>line</th><th>code</th><th>paid</th><th>expected</th><th>variance</th><th>payer's adjustments</th><th>cause</th></tr>\n");
        foreach (var claim in report.Claims)
        {
            foreach (var line in claim.Lines.Where(l => l.Variance != 0m))
            {
                string codes = string.Join(", ", line.Remitted.Adjustments.Select(a => F($"{a.Group}-{a.Reason} {a.Amount:0.00}")));
                o.Write(F($"<tr><td>{E(claim.Payer)}</td><td>{E(claim.Remitted.ClaimId)}</td><td class=\"n\">{line.Remitted.Number}</td><td>{E(RemittanceTotals.CodeKey(line.Remitted.Hcpcs, line.Remitted.Modifiers))}</td><td class=\"n\">{line.Paid:0.00}</td><td class=\"n\">{line.ExpectedPaid:0.00}</td><td class=\"n\">{line.Variance:0.00}</td><td>{E(codes)}</td><td>{E(line.Cause + ": " + line.CauseText)}</td></tr>\n"));
            }
        }

        o.Write("</table>\n</body></html>\n");
    }

    /// <summary>Horizontal bars about a zero line: underpaid codes to the left, overpaid to the right.</summary>
    private static void VarianceChart(TextWriter o, List<KeyValuePair<string, VarianceTotal>> rows)
    {
        if (rows.Count == 0)
        {
            o.Write("<p>No code was paid other than expected.</p>\n");
            return;
        }

        decimal most = rows.Max(r => Math.Abs(r.Value.Variance));
        int half = (ChartWidth - LabelWidth) / 2, zero = LabelWidth + half, height = (rows.Count * (BarHeight + 4)) + 10;
        o.Write(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth + 80}\" height=\"{height}\" role=\"img\" aria-label=\"variance by code\">\n"));
        o.Write(F($"<line x1=\"{zero}\" y1=\"0\" x2=\"{zero}\" y2=\"{height}\" stroke=\"#444\" />\n"));
        for (int i = 0; i < rows.Count; i++)
        {
            var (code, total) = rows[i];
            int y = 5 + (i * (BarHeight + 4));
            int width = (int)decimal.Round(Math.Abs(total.Variance) / most * (half - 60), MidpointRounding.AwayFromZero);
            bool under = total.Variance < 0m;
            int x = under ? zero - width : zero;
            o.Write(F($"<text x=\"{LabelWidth - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{E(code)}</text>"));
            o.Write(F($"<rect class=\"bar {(under ? "under" : "over")}\" x=\"{x}\" y=\"{y}\" width=\"{Math.Max(width, 1)}\" height=\"{BarHeight}\"><title>{E(code)}: {total.Lines} lines, paid {total.Paid:0.00}, expected {total.ExpectedPaid:0.00}</title></rect>"));
            o.Write(F($"<text x=\"{(under ? x - 4 : x + width + 4)}\" y=\"{y + 13}\" text-anchor=\"{(under ? "end" : "start")}\">{total.Variance:0.00}</text>\n"));
        }

        o.Write("</svg>\n");
    }

    /// <summary>One bar a code: its lines denied over its lines remitted, in segments by denial reason, with a legend.</summary>
    private static void DenialChart(TextWriter o, List<CodeHistory> rows)
    {
        if (rows.Count == 0)
        {
            o.Write("<p>No line was denied.</p>\n");
            return;
        }

        var reasons = rows.SelectMany(r => r.Reasons.Select(x => x.Code)).Distinct().Order(StringComparer.Ordinal).ToList();
        int span = ChartWidth - LabelWidth - 120, height = (rows.Count * (BarHeight + 4)) + 30;
        o.Write(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth + 80}\" height=\"{height}\" role=\"img\" aria-label=\"denial rate by code and reason\">\n"));
        for (int i = 0; i < rows.Count; i++)
        {
            var code = rows[i];
            int y = 5 + (i * (BarHeight + 4)), x = LabelWidth;
            string key = RemittanceTotals.CodeKey(code.Hcpcs, code.Modifiers);
            o.Write(F($"<text x=\"{LabelWidth - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{E(key)}</text>"));
            o.Write(F($"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{span}\" height=\"{BarHeight}\" fill=\"#eee\" />"));
            foreach (var reason in code.Reasons)
            {
                int width = (int)decimal.Round((decimal)reason.Lines.Length / code.Lines * span, MidpointRounding.AwayFromZero);
                string color = ReasonColors[reasons.IndexOf(reason.Code) % ReasonColors.Length];
                o.Write(F($"<rect class=\"denied\" x=\"{x}\" y=\"{y}\" width=\"{Math.Max(width, 1)}\" height=\"{BarHeight}\" fill=\"{color}\"><title>{E(key)} {E(reason.Code)}: {reason.Lines.Length} of {code.Lines} lines ({reason.Amount:0.00})</title></rect>"));
                x += width;
            }

            o.Write(F($"<text x=\"{LabelWidth + span + 6}\" y=\"{y + 13}\">{code.DeniedLines} of {code.Lines} ({(decimal)code.DeniedLines * 100m / code.Lines:0}%)</text>\n"));
        }

        int lx = LabelWidth, ly = height - 14;
        foreach (string reason in reasons)
        {
            o.Write(F($"<rect x=\"{lx}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{ReasonColors[reasons.IndexOf(reason) % ReasonColors.Length]}\" /><text x=\"{lx + 16}\" y=\"{ly + 11}\">{E(reason)}</text>"));
            lx += 80;
        }

        o.Write("\n</svg>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
