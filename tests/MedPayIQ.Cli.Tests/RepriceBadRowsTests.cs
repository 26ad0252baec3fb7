using System.Text;
using FsCheck;
using FsCheck.Xunit;
using MedPayIQ.Cli.Commands;
using MedPayIQ.Cli.Reprice;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>
/// <c>medpayiq reprice</c> with rows that cannot be read: each costs one row (written as Rejected with its reason, in
/// its place), its claim is priced without it and flagged, every other row is priced exactly as in the file without
/// it; <c>--strict</c> stops at it; the output appears only when complete; any number of workers writes the same bytes.
/// </summary>
public sealed class RepriceBadRowsTests : IDisposable
{
    internal const string Header = "claim_id,line,date,hcpcs,modifiers,units,pos,carrier,locality,zip,provider,participating,charge,minutes,base_units";
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-badrows-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A clean claim file: claims C000000.. of 1-8 lines (the rows after its header).</summary>
    internal static List<string> CleanRows(int lines, int seed)
        => [.. RepriceTests.Generate(lines, seed).Csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)];

    private string WriteFile(string name, IEnumerable<string> rows)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, Header + "\r\n" + string.Concat(rows.Select(r => r + "\r\n")));
        return path;
    }

    private (int Exit, string Error, string[] Output) Reprice(string input, params string[] options)
    {
        string output = Path.Combine(_folder, Path.GetFileNameWithoutExtension(input) + ".out.csv");
        var (exit, _, error) = CliRun.InProcess(["reprice", input, "-o", output, .. options]);
        return (exit, error, File.Exists(output) ? File.ReadAllLines(output) : []);
    }

    /// <summary>The rows of claim C000003 (the 4th claim) and the rows before it.</summary>
    private static (int First, int Count) FourthClaim(List<string> rows)
    {
        int first = rows.FindIndex(r => r.StartsWith("C000003,", StringComparison.Ordinal));
        return (first, rows.Count(r => r.StartsWith("C000003,", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The bad rows a claim file can have: a row of claim C000003 with one field made wrong (the field, its bad value,
    /// the reason expected with {line} its line), or a row out of place.
    /// </summary>
    public static TheoryData<string, string, string> BadRows => new()
    {
        { "date", "02/01/2025", "line {line} column date: '02/01/2025' is not a date written yyyy-mm-dd." },
        { "date", "2025-02-30", "line {line} column date: '2025-02-30' is not a date written yyyy-mm-dd." },
        { "hcpcs", "9921", "line {line} column hcpcs: '9921' is not a HCPCS code" },
        { "units", "two", "line {line} column units: 'two' is not a number of units." },
        { "units", "1.5", "line {line} column units: '1.5' is not a number of units." },
        { "modifiers", "25 25", "line {line} column modifiers: '25 25' is not a modifier" },
        { "charge", "$80", "line {line} column charge: '$80' is not an amount in dollars" },
        { "minutes", "-5", "line {line} column minutes: '-5' is not a number of minutes." },
        { "fields-", "", "line {line}: 14 fields, the header has 15 (a row cut short?)." },
        { "fields+", "", "line {line}: 16 fields, the header has 15 (an unquoted comma, such as 1,234.50?)." },
        { "claim_id", "", "line {line}: claim_id is empty." },
        { "hcpcs", "99\"213", "line {line}: not readable as CSV: a quote inside a field that is not quoted (byte " },
        { "hcpcs", "\"99213\"x", "line {line}: not readable as CSV: text after a field's closing quote (byte " },
        { "claim_id", "C000003\"", "line {line}: not readable as CSV: a quote inside a field that is not quoted (byte " }, // stays with the claim it is in
    };

    /// <summary>A quote never closed: the field runs to the end of its line (its echo holds the commas after it).</summary>
    public static TheoryData<string, string, string> UnclosedQuote => new()
    {
        { "modifiers", "\"25", "line {line}: not readable as CSV: a quote never closed on its line (byte " },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    [MemberData(nameof(UnclosedQuote))]
    public void A_bad_row_costs_one_row_and_its_claim_is_priced_without_it_and_flagged(string field, string value, string reason)
    {
        var rows = CleanRows(60, seed: 5);
        var (first, count) = FourthClaim(rows);
        Assert.True(count >= 1);
        var clean = Reprice(WriteFile("clean.csv", rows));
        Assert.Equal(0, clean.Exit);

        // the bad row: a copy of the claim's first row, one field spoiled, inserted after it (line numbers in the file: header is line 1)
        var fields = rows[first].Split(',').ToList();
        int column = Array.IndexOf(Header.Split(','), field.TrimEnd('-', '+'));
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
            fields[column] = value;
        }

        var bad = rows.ToList();
        bad.Insert(first + 1, string.Join(",", fields));
        int fileLine = first + 3;
        var (exit, error, output) = Reprice(WriteFile("bad.csv", bad));

        Assert.Equal(0, exit);
        Assert.Equal(clean.Output.Length + 1, output.Length);
        Assert.Contains("1 rows rejected (1 claims priced without them)", error, StringComparison.Ordinal);
        var rejected = output[first + 2];
        Assert.Contains(",Rejected,,,,,,,,,", rejected, StringComparison.Ordinal);
        Assert.Contains("bad.csv " + reason.Replace("{line}", fileLine.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), rejected, StringComparison.Ordinal);
        Assert.EndsWith(",1", rejected, StringComparison.Ordinal);

        // every other row exactly as in the clean file; the claim's own rows flagged (1 row of the claim rejected)
        var expected = clean.Output.ToList();
        expected.Insert(first + 2, rejected);
        for (int i = 0; i < expected.Count; i++)
        {
            bool ofClaim = i >= first + 1 && i <= first + count + 1 && i != first + 2;
            Assert.Equal(ofClaim ? expected[i][..^2] + ",1" : expected[i], output[i]);
        }
    }

    [Fact]
    public void Rows_of_a_claim_after_another_claim_are_rejected_and_the_claim_before_is_not_changed()
    {
        var rows = CleanRows(40, seed: 9);
        var (first, _) = FourthClaim(rows);
        var clean = Reprice(WriteFile("clean.csv", rows));
        var bad = rows.ToList();
        bad.Add(rows[first]); // C000003 again, at the end of the file
        var (exit, error, output) = Reprice(WriteFile("bad.csv", bad));
        Assert.Equal(0, exit);
        Assert.Equal([.. clean.Output], output[..^1]);
        Assert.StartsWith("C000003,", output[^1], StringComparison.Ordinal);
        Assert.Contains($",Rejected,,,,,,,,,\"bad.csv line {bad.Count + 1}: claim C000003 has rows earlier in the file, before another claim's; the rows of one claim must be consecutive.\",1", output[^1], StringComparison.Ordinal);
        Assert.Contains("1 rows rejected (0 claims priced without them)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_returning_claims_first_row_keeps_its_own_error_first_and_its_next_rows_are_rejected_as_returning()
    {
        // The reader finds a returning claim id at the end of the claim's first row (its lookup started when the row
        // began): that row's own error still comes first, and the rows after it carry the returning claim's error.
        var rows = CleanRows(40, seed: 9);
        var (first, count) = FourthClaim(rows);
        Assert.True(count >= 2);
        var clean = Reprice(WriteFile("clean.csv", rows));
        var bad = rows.ToList();
        bad.Add(rows[first] + ",extra");
        bad.Add(rows[first + 1]);
        var (exit, error, output) = Reprice(WriteFile("bad.csv", bad));
        Assert.Equal(0, exit);
        Assert.Equal([.. clean.Output], output[..^2]);
        Assert.Contains($"\"bad.csv line {bad.Count}: 16 fields, the header has 15 (an unquoted comma, such as 1,234.50?).\",2", output[^2], StringComparison.Ordinal);
        Assert.Contains($"\"bad.csv line {bad.Count + 1}: claim C000003 has rows earlier in the file, before another claim's; the rows of one claim must be consecutive.\",2", output[^1], StringComparison.Ordinal);
        Assert.Contains("2 rows rejected (0 claims priced without them)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_with_no_readable_row_is_all_rejected_and_its_claim_level_error_is_named()
    {
        var (exit, error, output) = Reprice(WriteFile("bad.csv",
            ["A,1,2025-03-03,99213,,1,11,,,9021,,Y,,,", "A,2,2025-03-03,99214,,1,11,,,9021,,Y,,,", "B,1,2025-03-03,99213,,1,11,,,,,maybe,,,", "B,2,2025-03-03,99213,,1,11,,,,,Y,,,"]));
        Assert.Equal(0, exit);
        Assert.Equal(5, output.Length);
        Assert.Contains("bad.csv line 2 column carrier/locality/zip: '9021' is not a ZIP code", output[1], StringComparison.Ordinal);
        Assert.Contains("bad.csv line 3 column carrier/locality/zip: '9021' is not a ZIP code", output[2], StringComparison.Ordinal);
        Assert.Contains("bad.csv line 4 column participating: 'maybe' is not Y or N.", output[3], StringComparison.Ordinal);
        Assert.Matches("^B,2,2025-03-03,99213,,1,Priced,[0-9.]+,.*,1$", output[4]); // B's location and flags from its first readable row
        Assert.Contains("3 rows rejected (1 claims priced without them)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_on_rejects_exits_1_strict_exits_2_and_leaves_no_file()
    {
        var rows = CleanRows(30, seed: 3);
        rows.Insert(10, "X,1,2025-13-01,99213,,1,11,,,,,Y,,,");
        string input = WriteFile("bad.csv", rows), output = Path.Combine(_folder, "bad.out.csv");
        Assert.Equal(0, Reprice(input).Exit);
        Assert.Equal(1, Reprice(input, "--fail-on-rejects").Exit);
        Assert.Equal(1, Reprice(input, "--fail-on-findings").Exit);

        File.WriteAllText(output, "an earlier run's file");
        var (exit, error, _) = Reprice(input, "--strict");
        Assert.Equal(2, exit);
        Assert.Equal("medpayiq: bad.csv line 12 column date: '2025-13-01' is not a date written yyyy-mm-dd.", error.TrimEnd());
        Assert.Equal("an earlier run's file", File.ReadAllText(output)); // not replaced by a partial file
        Assert.Equal(["bad.csv", "bad.out.csv"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)); // no temporary file left
    }

    [Fact]
    public void A_file_that_breaks_mid_way_leaves_no_output_and_no_temporary_file()
    {
        // a line far over the reader's 64 KB record limit: the CSV reader cannot go on (not a row to reject: exit 2)
        var rows = CleanRows(2000, seed: 4);
        rows.Insert(1500, "C9,1,2025-01-02,99213,,1,11,,,,,Y,,," + new string('x', 300_000));
        var (exit, error, output) = Reprice(WriteFile("broken.csv", rows));
        Assert.Equal(2, exit);
        Assert.Contains("line 1502", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.Equal(["broken.csv"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Json_lines_write_a_rejected_row_with_its_fields_and_reason()
    {
        string input = WriteFile("bad.csv", ["A,1,2025-03-03,99213,,1,11,,,,,Y,,,", "A,2,2025-03-03,99213,,x,11,,,,,Y,,,"]);
        string output = Path.Combine(_folder, "out.jsonl");
        Assert.Equal(0, CliRun.InProcess("reprice", input, "-o", output, "--json-lines").Exit);
        var lines = File.ReadAllLines(output);
        Assert.Contains("\"claimRejectedRows\":1}", lines[0], StringComparison.Ordinal);
        Assert.Equal("{\"claimId\":\"A\",\"line\":\"2\",\"date\":\"2025-03-03\",\"hcpcs\":\"99213\",\"modifiers\":\"\",\"units\":\"x\",\"outcome\":\"Rejected\",\"reason\":\"bad.csv line 3 column units: \\u0027x\\u0027 is not a number of units.\",\"claimRejectedRows\":1}", lines[1]);
    }

    private static readonly string[] Spoilers = ["2025/01/02", "99", "x", "25,25,25", "-1", "Q"];

    /// <summary>A claim file of random claims (RepriceTests' generator), some rows spoiled, some claims' rows split.</summary>
    internal static string RandomFile(int lines, int seed, int spoiled)
    {
        var random = new Random(seed);
        var rows = CleanRows(lines, seed);
        for (int i = 0; i < spoiled && rows.Count > 0; i++)
        {
            int at = random.Next(rows.Count);
            var fields = rows[at].Split(',');
            switch (random.Next(4))
            {
                case 0:
                    fields[random.Next(2, 6)] = Spoilers[random.Next(Spoilers.Length)];
                    rows[at] = string.Join(",", fields);
                    break;
                case 1:
                    rows[at] = string.Join(",", fields[..^1]);
                    break;
                case 2:
                    rows.Insert(random.Next(rows.Count), rows[at]); // a row of a claim out of its place
                    break;
                default:
                    fields[0] = "";
                    rows[at] = string.Join(",", fields);
                    break;
            }
        }

        return Header + "\r\n" + string.Concat(rows.Select(r => r + "\r\n"));
    }

    private byte[] Output(string input, RepriceSettings settings, bool jsonLines)
    {
        var target = new FileInfo(Path.Combine(_folder, $"out-{settings.Workers}-{settings.ClaimsPerBatch}{(jsonLines ? ".jsonl" : ".csv")}"));
        RepriceCommand.Reprice(new FileInfo(input), target, Calculator, settings, jsonLines, TextWriter.Null, progress: false);
        return File.ReadAllBytes(target.FullName);
    }

    [Property(MaxTest = 25)]
    public void Any_number_of_workers_and_any_batch_size_write_the_bytes_of_one_worker(PositiveInt seed, byte workers, byte batch, bool jsonLines)
    {
        int lines = 1 + (seed.Get % 1500);
        string input = Path.Combine(_folder, "claims.csv");
        File.WriteAllText(input, RandomFile(lines, seed.Get, spoiled: seed.Get % 7));
        var one = Output(input, new RepriceSettings(1), jsonLines);
        var many = Output(input, new RepriceSettings(1 + (workers % 8), ClaimsPerBatch: 1 + batch), jsonLines);
        Assert.Equal(one, many);

        // complete and in order: a line out for every row in
        var inRows = File.ReadAllLines(input).Skip(1).ToList();
        var outRows = Encoding.UTF8.GetString(one).Split(jsonLines ? "\n" : "\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(jsonLines ? 0 : 1).ToList();
        Assert.Equal(inRows.Count, outRows.Count);
        if (!jsonLines)
        {
            Assert.Equal(inRows.Select(r => r.Split(',')[0]), outRows.Select(r => r.Split(',')[0]));
        }
    }
}
