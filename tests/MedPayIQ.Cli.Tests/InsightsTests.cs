using System.Text.Json;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary><c>medpayiq insights</c> and <c>medpayiq diff</c> on the packaged releases and CMS's NCCI excerpts.</summary>
public sealed class InsightsTests
{
    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRun.InProcess(args);

    [Fact]
    public void Insights_for_77321_under_RVU25A_state_the_amounts_of_its_code_page()
    {
        var (exit, output, error) = Run("insights", "77321", "--release", "RVU25A");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.StartsWith("77321 on 2025-01-01, national: RVU25A", output, StringComparison.Ordinal);
        Assert.Contains("[Price] National amount under RVU25A on 2025-01-01: $92.51 non-facility, $92.51 facility (NA)", output, StringComparison.Ordinal);
        Assert.Contains("global $92.51 = professional component (26) $48.84 + technical component (TC) $43.67", output, StringComparison.Ordinal);
        Assert.Contains("[OppsCap] No OPPS cap", output, StringComparison.Ordinal);
        Assert.Contains("source: RVU25A PPRRVU25_JAN1.excel-resaved.csv: 77321-TC: FACILITY NA INDICATOR NA", output, StringComparison.Ordinal);
        Assert.Contains("note: PTP pairs unknown", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Insights_json_carries_each_figure_with_the_claim_priced_for_it()
    {
        var (exit, output, _) = Run("insights", "80503", "--date", "2026-07-01", "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"), "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("RVU26C", root.GetProperty("release").GetString());
        var pair = root.GetProperty("insights").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "BundledInto");
        Assert.Equal(26.39m, pair.GetProperty("impact").GetDecimal());
        Assert.Equal("0001U", pair.GetProperty("relatedCodes")[0].GetString());
        Assert.Equal("PtpPractitioner 32.2r0", pair.GetProperty("evidence")[0].GetProperty("dataset").GetString());
        var amount = pair.GetProperty("amounts")[0];
        Assert.Equal("80503 x1", amount.GetProperty("claim")[0].GetString());
        Assert.Equal("AllowedAmount", amount.GetProperty("measure").GetString());
    }

    [Fact]
    public void Insights_show_twenty_pairs_a_side_unless_all_are_asked_for()
    {
        var (_, some, _) = Run("insights", "0001U", "--date", "2026-07-01", "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"));
        var (_, all, _) = Run("insights", "0001U", "--date", "2026-07-01", "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"), "--all");
        int Count(string text) => text.Split('\n').Count(l => l.StartsWith("[Bundles]", StringComparison.Ordinal));
        Assert.Equal(20, Count(some));
        Assert.True(Count(all) > 20);
        Assert.Contains($"... and {Count(all) - 20} more PTP pairs (--all shows them)", some, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_77321_from_RVU25D_to_RVU26C()
    {
        var (exit, output, error) = Run("diff", "RVU25D", "RVU26C", "--codes", "77321");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.StartsWith("RVU25D on 2025-10-01 -> RVU26C on 2026-07-01: 0 rows added, 0 deleted, 3 changed", output, StringComparison.Ordinal);
        Assert.Contains("  WORK RVU: 0.95 -> 0.93", output, StringComparison.Ordinal);
        Assert.Contains("  amount national non-facility 92.51 -> 94.52 (+2.01)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_json_of_the_radiation_delivery_codes()
    {
        var (exit, output, _) = Run("diff", "RVU25D", "RVU26C", "--codes", "77385-77412", "--json", "--no-amounts");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal("deleted", rows.Single(r => r.GetProperty("hcpcs").GetString() == "77385").GetProperty("change").GetString());
        var status = rows.Single(r => r.GetProperty("hcpcs").GetString() == "77402").GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == "STATUS CODE");
        Assert.Equal("I", status.GetProperty("from").GetString());
        Assert.Equal("A", status.GetProperty("to").GetString());
    }

    [Fact]
    public void Diff_of_two_dates_lists_the_NCCI_edits_that_ended()
    {
        var (exit, output, _) = Run("diff", "2025-01-01", "2026-07-01", "--codes", "0029U", "--no-amounts", "--ptp", Data("ccipra-v322r0-f1.excerpt.txt"));
        Assert.Equal(0, exit);
        Assert.Contains("PtpPractitioner deleted 0001U/0029U: modifier indicator 1, effective 2018-07-01, deleted 2026-06-30 -> -", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "insights", "7732" }, "'7732' is not a HCPCS code")]
    [InlineData(new[] { "insights", "77321", "--setting", "home" }, "'home' is not a setting")]
    [InlineData(new[] { "insights", "77321", "--release", "RVU25A", "--date", "2025-01-01" }, "give --release or --date, not both")]
    [InlineData(new[] { "diff", "RVU25D", "2026-07-01" }, "give two releases (RVU25D RVU26C) or two dates")]
    [InlineData(new[] { "diff", "RVU24A", "RVU26C" }, "release RVU24A is not loaded")]
    [InlineData(new[] { "diff", "2019-01-01", "2026-07-01" }, "2019-01-01")]
    [InlineData(new[] { "diff", "RVU25D", "RVU26C", "--codes", "77799-77261" }, "'77799-77261' is not a code or a range")]
    public void Bad_input_is_one_line_and_exit_code_2(string[] args, string message)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
