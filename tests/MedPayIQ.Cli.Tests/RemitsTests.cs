using System.Diagnostics;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using MedPayIQ.X12;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary><c>medpayiq remits</c> and <c>insights --history</c>: the expected 835 read back with zero variance, folders, the JSON contract.</summary>
public sealed class RemitsTests : IDisposable
{
    private static readonly string X12 = Path.Combine(AppContext.BaseDirectory, "data", "x12");
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-remits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string In(string name) => Path.Combine(_folder, name);

    [Fact]
    public void The_expected_835_of_adjudicate_compares_with_zero_variance()
    {
        string claims = Path.Combine(X12, "hillside-two-transactions.837");
        Assert.Equal(0, CliRun.InProcess("adjudicate", claims, "-o", In("expected.835")).Exit);
        var (exit, output, error) = CliRun.InProcess("remits", In("expected.835"), "--claims", claims, "--json");
        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(9, lines.Count);
        Assert.All(lines, l => Assert.Equal((0m, "None"), (l.GetProperty("variance").GetDecimal(), l.GetProperty("cause").GetString())));
        Assert.All(lines, l => Assert.Equal(l.GetProperty("paid").GetDecimal(), l.GetProperty("expectedPaid").GetDecimal()));
        Assert.Equal(0m, json.RootElement.GetProperty("summary").GetProperty("variance").GetDecimal());
    }

    [Fact]
    public void A_folder_is_every_X12_file_in_it_and_variance_is_paid_less_expected()
    {
        File.Copy(Path.Combine(X12, "two-payers.835"), In("a.835"));
        File.Copy(Path.Combine(X12, "two-payers.835"), In("b.edi"));
        File.WriteAllText(In("notes.txt"), "not an interchange");
        var (exit, output, error) = CliRun.InProcess("remits", _folder, "--claims", Path.Combine(X12, "worked-claim.837"), "--zip", "90210", "--json");
        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["a.835", "b.edi"], json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(16, lines.Count);
        Assert.All(lines, l => Assert.Equal(l.GetProperty("paid").GetDecimal() - l.GetProperty("expectedPaid").GetDecimal(), l.GetProperty("variance").GetDecimal()));
        var ecg = lines.First(l => l.GetProperty("hcpcs").GetString() == "93000");
        Assert.Equal(("W-1", 2, -5.68m, "MultipleProcedureApplied", "REF*6R"),
            (ecg.GetProperty("claimId").GetString(), ecg.GetProperty("line").GetInt32(), ecg.GetProperty("variance").GetDecimal(), ecg.GetProperty("cause").GetString(), ecg.GetProperty("match").GetString() == "ControlNumber" ? "REF*6R" : "?"));
        Assert.Equal(["CO-45 112.76", "CO-253 0.12", "PR-2 1.45"], ecg.GetProperty("payerReasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["CO-45 105.53", "PR-2 2.89", "CO-253 0.23"], ecg.GetProperty("expectedReasons").EnumerateArray().Select(r => r.GetString()));

        var planning = json.RootElement.GetProperty("denials").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "77321-26");
        Assert.Equal((2, 2), (planning.GetProperty("lines").GetInt32(), planning.GetProperty("deniedLines").GetInt32()));
        Assert.Equal(["a.835 claim R-1 line 1 (segment 70)", "b.edi claim R-1 line 1 (segment 70)"], planning.GetProperty("reasons")[0].GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Insights_with_a_history_add_the_denials_of_the_code_with_their_evidence()
    {
        var (exit, output, error) = CliRun.InProcess("insights", "77321", "--date", "2026-07-09", "--history", Path.Combine(X12, "two-payers.835"), "--json");
        Assert.Equal((0, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var history = json.RootElement.GetProperty("insights").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "DenialHistory").ToList();
        Assert.Equal(2, history.Count);
        Assert.StartsWith("1 of 1 lines of 77321 in your remittances were denied CO-97 with 77300 on the same date (-200.00)", history[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("claim R-1 line 1 (segment 70) on 2026-07-09: CO-97 200.00, with 77300", history[1].GetProperty("evidence")[0].GetProperty("row").GetString());
        Assert.Equal(new PaymentCalculator(PackagedFeeSchedules.Catalog).Price(new ServiceRequest(HcpcsCode.Parse("77321"), Modifier.None, new DateOnly(2026, 7, 9), PricingLocation.National, PricingSetting.NonFacility)).AllowedAmount,
            history[1].GetProperty("impact").GetDecimal());
    }

    [Fact]
    public void A_folder_without_X12_files_is_a_usage_error()
    {
        File.WriteAllText(In("notes.txt"), "not an interchange");
        var (exit, _, error) = CliRun.InProcess("remits", _folder);
        Assert.Equal(2, exit);
        Assert.Contains("no X12 file (starting with ISA) in the folder", error, StringComparison.Ordinal);
    }

    private string Html()
    {
        string html = In("report.html");
        var (exit, _, error) = CliRun.InProcess("remits", Path.Combine(X12, "two-payers.835"), "--claims", Path.Combine(X12, "worked-claim.837"), "--zip", "90210", "--html", html);
        Assert.Equal((0, ""), (exit, error));
        return html;
    }

    [Fact]
    public void The_HTML_report_is_one_self_contained_file_with_its_charts_as_inline_SVG()
    {
        string text = File.ReadAllText(Html());
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var page = XDocument.Load(reader);  // well-formed markup
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(2, page.Descendants(svg + "svg").Count());
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", text, StringComparison.OrdinalIgnoreCase);

        // The variance chart: one bar a code paid other than expected (77321-26 -42.16, 93000 -5.68), both underpaid.
        var bars = page.Descendants(svg + "rect").Where(r => ((string?)r.Attribute("class"))?.StartsWith("bar", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["77321-26: 1 lines, paid 0.00, expected 42.16", "93000: 1 lines, paid 5.67, expected 11.35"], bars.Select(b => b.Element(svg + "title")!.Value));
        Assert.All(bars, b => Assert.Equal("bar under", (string?)b.Attribute("class")));
        Assert.True((int)bars[0].Attribute("width")! > (int)bars[1].Attribute("width")!);

        // The denial chart: 77321-26 and 99292, each denied CO-97 on its one line.
        var denied = page.Descendants(svg + "rect").Where(r => (string?)r.Attribute("class") == "denied").Select(r => r.Element(svg + "title")!.Value);
        Assert.Equal(["77321-26 CO-97: 1 of 1 lines (200.00)", "99292 CO-97: 1 of 1 lines (150.00)"], denied);
    }

    /// <summary>The report as a real browser reads it: headless Chromium (Debian's chromium package) loads the file and its DOM holds the two charts and the two lines with a variance.</summary>
    [Fact]
    public async Task The_HTML_report_renders_in_headless_Chromium()
    {
        const string chromium = "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), "Debian's chromium package is not installed (apt-get install chromium)");
        string html = Html();
        var start = new ProcessStartInfo(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", new Uri(html).AbsoluteUri])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var browser = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stderr = browser.StandardError.ReadToEndAsync(timeout.Token);
        string dom = await browser.StandardOutput.ReadToEndAsync(timeout.Token);
        await browser.WaitForExitAsync(timeout.Token);
        Assert.True(browser.ExitCode == 0, await stderr);
        Assert.Equal(2, dom.Split("<svg", StringSplitOptions.None).Length - 1);
        Assert.Contains("<td>W-1</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td>R-1</td>", dom, StringComparison.Ordinal);
        Assert.Contains("Variance by code", dom, StringComparison.Ordinal);
    }
}
