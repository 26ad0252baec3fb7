using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using MedPayIQ.Cli.Commands;
using MedPayIQ.Cli.Reprice;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using MedPayIQ.X12;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>
/// <c>medpayiq adjudicate</c> with rows that cannot be read: each costs one row (written as Rejected with its reason,
/// in its place, in CSV and JSON lines), its claim is adjudicated without it, every other claim exactly as in the file
/// without it; an 835 leaves the claim out and names it on stderr; <c>--strict</c> stops at it; the output appears
/// only when complete; any number of workers writes the same bytes.
/// </summary>
public sealed class AdjudicateBadRowsTests : IDisposable
{
    private static readonly ExpectedAdjudicator Adjudicator = new(new PaymentCalculator(PackagedFeeSchedules.Catalog), new NcciChecker(NcciCatalog.Create([PackagedNcci.AddOnEdits, PackagedNcci.PractitionerMue])));
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-adjudicate-badrows-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(string name, IEnumerable<string> rows)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, RepriceBadRowsTests.Header + "\r\n" + string.Concat(rows.Select(r => r + "\r\n")));
        return path;
    }

    private (int Exit, string Out, string Error, string[] Output) Adjudicate(string input, string extension, params string[] options)
    {
        string output = Path.Combine(_folder, Path.GetFileNameWithoutExtension(input) + ".out" + extension);
        var (exit, stdout, error) = CliRun.InProcess(["adjudicate", input, "-o", output, .. options]);
        return (exit, stdout, error, File.Exists(output) ? File.ReadAllLines(output) : []);
    }

    public static TheoryData<string, string, string> BadRows => RepriceBadRowsTests.BadRows;

    /// <summary>Claim C000003's rows: the first and how many.</summary>
    private static (int First, int Count) FourthClaim(List<string> rows)
        => (rows.FindIndex(r => r.StartsWith("C000003,", StringComparison.Ordinal)), rows.Count(r => r.StartsWith("C000003,", StringComparison.Ordinal)));

    /// <summary>The file with a copy of claim C000003's first row inserted after it, one field spoiled as <see cref="BadRows"/> says.</summary>
    private static List<string> WithBadRow(List<string> rows, string field, string value)
    {
        var (first, _) = FourthClaim(rows);
        var fields = rows[first].Split(',').ToList();
        if (field == "fields-")
        {
            fields.RemoveAt(fields.Count - 1);
        }
        else if (field == "fields+")
        {
            fields.Add("1");
        }
        else
        {
            fields[Array.IndexOf(RepriceBadRowsTests.Header.Split(','), field)] = value;
        }

        var bad = rows.ToList();
        bad.Insert(first + 1, string.Join(",", fields));
        return bad;
    }

    [Theory]
    [MemberData(nameof(BadRows))]
    public void A_bad_row_costs_one_row_in_CSV_and_its_claim_is_adjudicated_without_it(string field, string value, string reason)
    {
        var rows = RepriceBadRowsTests.CleanRows(60, seed: 5);
        var (first, count) = FourthClaim(rows);
        var clean = Adjudicate(WriteFile("clean.csv", rows), ".csv");
        Assert.Equal(0, clean.Exit);
        var (exit, stdout, _, output) = Adjudicate(WriteFile("bad.csv", WithBadRow(rows, field, value)), ".csv");

        Assert.Equal(0, exit);
        Assert.Equal(clean.Output.Length + 1, output.Length);
        Assert.Contains("1 rows rejected (1 claims adjudicated without them, 0 with no row read)", stdout, StringComparison.Ordinal);
        var rejected = output[first + 2].Split(',');
        Assert.Equal("Rejected", rejected[13]);
        Assert.Equal(["", "", "", "", "", ""], rejected[7..13]); // no amount: not paid, not zero
        Assert.Contains("bad.csv " + reason.Replace("{line}", (first + 3).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), output[first + 2], StringComparison.Ordinal);
        Assert.EndsWith(",1", output[first + 2], StringComparison.Ordinal);

        // every other claim exactly as in the clean file; the claim's own lines as there, numbered by their place among its rows, flagged
        var expected = clean.Output.ToList();
        expected.Insert(first + 2, output[first + 2]);
        for (int i = 0; i < expected.Count; i++)
        {
            if (i >= first + 1 && i <= first + count + 1 && i != first + 2)
            {
                var (got, want) = (output[i].Split(','), expected[i].Split(','));
                Assert.Equal([.. want[..1], .. want[2..^1], "1"], [.. got[..1], .. got[2..]]);
                Assert.Equal(i == first + 1 ? "1" : (i - first).ToString(CultureInfo.InvariantCulture), got[1]);
            }
            else
            {
                Assert.Equal(expected[i], output[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(BadRows))]
    public void An_835_leaves_out_a_claim_with_a_bad_row_and_names_it(string field, string value, string reason)
    {
        var rows = RepriceBadRowsTests.CleanRows(60, seed: 5);
        var clean = Adjudicate(WriteFile("clean.csv", rows), ".835");
        var (exit, stdout, error, output) = Adjudicate(WriteFile("bad.csv", WithBadRow(rows, field, value)), ".835");
        Assert.Equal(0, exit);
        Assert.StartsWith("medpayiq: claim C000003 left out of the 835 (1 row not read): bad.csv ", error, StringComparison.Ordinal);
        Assert.Contains(reason.Replace("{line}", (FourthClaim(rows).First + 3).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.Contains("1 left out of the 835", stdout, StringComparison.Ordinal);

        // the 835 is the clean one without claim C000003: its other claims and lines, nothing of C000003
        static List<string> Segments(string[] lines, Func<string, bool> keep) => [.. string.Join("\n", lines).Split('~').Select(s => s.Trim()).Where(keep)];
        var cleanClaims = Segments(clean.Output, s => s.StartsWith("CLP*", StringComparison.Ordinal));
        var claims = Segments(output, s => s.StartsWith("CLP*", StringComparison.Ordinal));
        Assert.Equal([.. cleanClaims.Where(c => !c.StartsWith("CLP*C000003*", StringComparison.Ordinal))], claims);
        Assert.Equal(cleanClaims.Count - 1, claims.Count);
    }

    [Fact]
    public void Json_lines_in_and_out_a_bad_claim_is_rejected_with_its_reason_and_no_amounts()
    {
        string input = Path.Combine(_folder, "claims.jsonl");
        File.WriteAllLines(input,
        [
            """{"claimId": "K1", "zip": "10001", "lines": [{"date": "2026-07-07", "hcpcs": "99213"}]}""",
            """{"claimId": "K2", "zip": "10001", "lines": [{"date": "2026-07-07", "hcpcs": "9921"}]}""",
            """{"claimId": "K3", "zip": """,
            """{"claimId": "K4", "zip": "10001", "lines": [{"date": "2026-07-07", "hcpcs": "99214"}]}""",
        ]);
        var (exit, stdout, _, output) = Adjudicate(input, ".jsonl");
        Assert.Equal(0, exit);
        Assert.Equal(4, output.Length);
        Assert.Contains("2 claims (0 denied), 2 lines", stdout, StringComparison.Ordinal);
        Assert.Contains("2 rows rejected (0 claims adjudicated without them, 2 with no row read)", stdout, StringComparison.Ordinal);
        Assert.Equal("""{"claimId":"K2","status":"Rejected","lines":[],"rejectedRows":[{"line":"","date":"","hcpcs":"","modifiers":"","units":"","reason":"claims.jsonl line 2 lines[0].hcpcs: \u00279921\u0027 is not a HCPCS code: five letters or digits, such as 77321 or G0121."}]}""", output[1]);
        using (var k3 = JsonDocument.Parse(output[2]))
        {
            Assert.Equal("", k3.RootElement.GetProperty("claimId").GetString()); // not a JSON object: no claim id to give
            Assert.StartsWith("claims.jsonl line 3: not valid JSON", k3.RootElement.GetProperty("rejectedRows")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.False(k3.RootElement.TryGetProperty("payment", out _));
        }

        Assert.Equal(Adjudicator.Adjudicate("K4", Claim("99214")).Payment, JsonDocument.Parse(output[3]).RootElement.GetProperty("payment").GetDecimal());

        var csv = Adjudicate(input, ".csv").Output;
        Assert.StartsWith("K2,,,,,,Rejected,,,,,,,Rejected,,\"claims.jsonl line 2 lines[0].hcpcs: '9921' is not a HCPCS code", csv[2], StringComparison.Ordinal);
        Assert.EndsWith(",1", csv[2], StringComparison.Ordinal);
        Assert.EndsWith(",,0", csv[1], StringComparison.Ordinal);

        var (strict, _, error, _) = Adjudicate(input, ".jsonl", "--strict");
        Assert.Equal(2, strict);
        Assert.StartsWith("medpayiq: claims.jsonl line 2 lines[0].hcpcs: '9921' is not a HCPCS code", error, StringComparison.Ordinal);
    }

    private static Claim Claim(string code) => new([new ClaimLine(new DateOnly(2026, 7, 7), HcpcsCode.Parse(code))]) { Location = PricingLocation.OfZip("10001"), ApplySequestration = true };

    [Fact]
    public void A_claim_with_no_readable_row_is_rejected_and_flags_and_strict_set_the_exit_code()
    {
        string input = WriteFile("bad.csv", ["A,1,2025-03-03,99213,,1,11,,,9021,,Y,,,", "A,2,2025-03-03,99214,,1,11,,,9021,,Y,,,", "B,1,2025-03-03,99213,,1,11,,,,,Y,,,"]);
        var (exit, stdout, _, output) = Adjudicate(input, ".csv");
        Assert.Equal(0, exit);
        Assert.Equal(AdjudicateCommand.CsvHeader, output[0] + "\r\n");
        Assert.Equal("A,1,2025-03-03,99213,,1,Rejected,,,,,,,Rejected,,\"bad.csv line 2 column carrier/locality/zip: '9021' is not a ZIP code: five digits, or ZIP+4.\",2", output[1]);
        Assert.StartsWith("A,2,", output[2], StringComparison.Ordinal);
        Assert.Matches("^B,1,2025-03-03,99213,,1,Processed,[0-9.]+,[0-9.]+,[0-9.]+,.*,,0$", output[3]);
        Assert.Contains("1 claims (0 denied), 1 lines", stdout, StringComparison.Ordinal);
        Assert.Contains("2 rows rejected (0 claims adjudicated without them, 1 with no row read)", stdout, StringComparison.Ordinal);

        Assert.Equal(1, Adjudicate(input, ".csv", "--fail-on-rejects").Exit);
        Assert.Equal(1, Adjudicate(input, ".csv", "--fail-on-findings").Exit);
        string target = Path.Combine(_folder, "bad.out.835");
        File.WriteAllText(target, "an earlier run's file");
        var strict = Adjudicate(input, ".835", "--strict");
        Assert.Equal(2, strict.Exit);
        Assert.Equal("medpayiq: bad.csv line 2 column carrier/locality/zip: '9021' is not a ZIP code: five digits, or ZIP+4.", strict.Error.TrimEnd());
        Assert.Equal("an earlier run's file", File.ReadAllText(target));
        Assert.DoesNotContain(Directory.GetFiles(_folder), f => f.EndsWith(".partial", StringComparison.Ordinal));

        var json = JsonDocument.Parse(Adjudicate(input, ".csv", "--json").Out).RootElement;
        Assert.Equal((2, 0, 1), (json.GetProperty("rejectedRows").GetInt32(), json.GetProperty("flaggedClaims").GetInt32(), json.GetProperty("rejectedClaims").GetInt32()));
    }

    [Fact]
    public void A_file_that_breaks_mid_way_leaves_no_output_and_no_temporary_file()
    {
        var rows = RepriceBadRowsTests.CleanRows(2000, seed: 4);
        rows.Insert(1500, "C9,1,2025-01-02,99213,,1,11,,,,,Y,,," + new string('x', 300_000)); // far over the reader's 64 KB record limit
        var (exit, _, error, output) = Adjudicate(WriteFile("broken.csv", rows), ".835");
        Assert.Equal(2, exit);
        Assert.Contains("line 1502", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.Equal(["broken.csv"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    private byte[] Output(string input, RemittanceFormat kind, RepriceSettings settings)
    {
        var target = new FileInfo(Path.Combine(_folder, $"out-{settings.Workers}-{settings.ClaimsPerBatch}.{kind}"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        AdjudicateCommand.Adjudicate(new FileInfo(input), target, null, Adjudicator, settings, new AdjudicateOptions(kind, Time: time), new X12ReadOptions(), TextWriter.Null);
        return File.ReadAllBytes(target.FullName);
    }

    [Property(MaxTest = 20)]
    public void Any_number_of_workers_and_any_batch_size_write_the_bytes_of_one_worker(PositiveInt seed, byte workers, byte batch, byte format)
    {
        var kind = (RemittanceFormat)(format % 3); // CSV, 835, JSON lines
        string input = Path.Combine(_folder, "claims.csv");
        File.WriteAllText(input, RepriceBadRowsTests.RandomFile(1 + (seed.Get % 1200), seed.Get, spoiled: seed.Get % 7));
        var one = Output(input, kind, new RepriceSettings(1));
        var many = Output(input, kind, new RepriceSettings(1 + (workers % 8), ClaimsPerBatch: 1 + batch));
        Assert.Equal(one, many);

        // complete and in order: in CSV, a row out for every row in
        if (kind == RemittanceFormat.Csv)
        {
            var inRows = File.ReadAllLines(input).Skip(1).ToList();
            var outRows = Encoding.UTF8.GetString(one).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            Assert.Equal(inRows.Select(r => r.Split(',')[0]), outRows.Select(r => r.Split(',')[0]));
        }
    }
}
