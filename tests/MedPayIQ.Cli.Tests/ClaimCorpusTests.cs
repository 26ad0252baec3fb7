using System.Text;
using FsCheck.Xunit;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>
/// Claim files as people type and Excel saves them (../MedPayIQ.Hardening.Tests/corpus/claims, and generated ones):
/// every one exits 0 (priced as meant) or 2 with one line naming the line and column; never a crash, never a
/// silently different claim.
/// </summary>
public sealed class ClaimCorpusTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-claims-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Corpus(string name) => Path.Combine(AppContext.BaseDirectory, "corpus", "claims", name);

    /// <summary>reprice --strict for a CSV, check for a JSON file: exit code and stderr, which is one line when the exit is 2.</summary>
    private (int Exit, string Out, string Err) Run(string path)
    {
        var (exit, output, error) = path.EndsWith(".json", StringComparison.Ordinal)
            ? CliRun.InProcess("check", path)
            : CliRun.InProcess("reprice", path, "-o", Path.Combine(_folder, "out.csv"), "--strict");
        Assert.True(exit is 0 or 2, $"exit {exit}: {error}");
        if (exit == 2)
        {
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(error.Length < 600, $"a message of {error.Length} characters");
        }

        return (exit, output, error);
    }

    [Theory]
    [InlineData("truncated-mid-row.csv", "line 3: 3 fields, the header has 4 (a row cut short?)")]
    [InlineData("truncated-mid-header.csv", "line 1 column 3: 'hcp' is not a column")]
    [InlineData("semicolon-delimited.csv", "line 1 column 1: 'claim_id;date;hcpcs' is not a column")]
    [InlineData("utf8-bom.csv", null)]
    [InlineData("excel-dates.csv", "line 2 column date: '7/1/2026' is not a date written yyyy-mm-dd")]
    [InlineData("excel-leading-zeros-hcpcs.csv", "line 2 column hcpcs: '100' is not a HCPCS code")]
    [InlineData("excel-leading-zeros-zip.csv", "line 2 column carrier/locality/zip: '2134' is not a ZIP code")]
    [InlineData("excel-scientific-units.csv", "line 2 column units: '1.2E+02' is not a number of units")]
    [InlineData("excel-thousands-charge.csv", "line 2 column charge: '1,234.50' is not an amount in dollars")]
    [InlineData("excel-thousands-charge-unquoted.csv", "line 2: 5 fields, the header has 4 (an unquoted comma")] // fixed: priced with a charge of 1.00
    [InlineData("row-missing-a-field.csv", "line 2: 4 fields, the header has 5 (a row cut short?)")] // fixed: priced as if no charge was given
    [InlineData("units-overflow.csv", "line 2 column units: '99999999999' is not a number of units")]
    [InlineData("units-negative.csv", "line 2 column units: '-1' is not a number of units")]
    [InlineData("units-int-max.csv", null)]
    [InlineData("duplicate-column.csv", "line 1 column 4: 'hcpcs' is column 3 too")] // fixed: the second hcpcs column silently won
    [InlineData("duplicate-modifier.csv", "line 2 column modifiers: '25,25' is not a modifier")]
    [InlineData("json-root-array.json", "claim.json: expected an object with a \"lines\" array, found an array")] // fixed: InvalidOperationException
    [InlineData("json-line-not-object.json", "lines[1]: expected an object with date and hcpcs, found a number")] // fixed: InvalidOperationException
    [InlineData("json-kind-number.json", "\"kind\" is a number; expected practitioner, hospital or dme")] // fixed: InvalidOperationException
    [InlineData("json-modifiers-numbers.json", null)] // fixed: [26] threw InvalidOperationException; read as modifier 26
    [InlineData("json-truncated.json", "not valid JSON")]
    [InlineData("json-excel-date.json", "lines[0].date: '7/1/2026' is not a date written yyyy-mm-dd")]
    [InlineData("json-units-scientific.json", "lines[0].units: '1.2E+02' is not a number of units")]
    [InlineData("json-utf8-bom.json", null)] // fixed: Notepad's byte order mark was "not valid JSON"
    [InlineData("json-units-overflow.json", "lines[0].units: '99999999999' is not a number of units")]
    public void A_corpus_claim_file_is_priced_or_refused_naming_its_place(string name, string? message)
    {
        string path = Path.Combine(_folder, name.EndsWith(".json", StringComparison.Ordinal) ? "claim.json" : "claims.csv");
        File.Copy(Corpus(name), path);
        var (exit, _, error) = Run(path);
        if (message is null)
        {
            Assert.True(exit == 0, error);
        }
        else
        {
            Assert.Equal(2, exit);
            Assert.Contains(message, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_corpus_claim_file_has_a_case()
    {
        var cases = typeof(ClaimCorpusTests).GetMethod(nameof(A_corpus_claim_file_is_priced_or_refused_naming_its_place))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>().Select(a => (string)a.Data[0]!).ToHashSet(StringComparer.Ordinal);
        Assert.All(Directory.GetFiles(Path.GetDirectoryName(Corpus("x"))!), f => Assert.Contains(Path.GetFileName(f), cases));
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "corpus", "README.md"));
        Assert.All(cases, c => Assert.Contains("| " + c + " |", readme, StringComparison.Ordinal));
    }

    public static TheoryData<string> Extensions => [".csv", ".json"];

    private string Write(string extension, byte[] content)
    {
        string path = Path.Combine(_folder, "claim" + extension);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Theory]
    [MemberData(nameof(Extensions))]
    public void Empty_garbage_NUL_bytes_and_a_10_MB_line_exit_2(string extension)
    {
        Assert.Equal(2, Run(Write(extension, [])).Exit);
        var random = new Random(11);
        foreach (int size in (int[])[1, 5, 300, 70_000])
        {
            var garbage = new byte[size];
            random.NextBytes(garbage);
            Assert.Equal(2, Run(Write(extension, garbage)).Exit);
        }

        Assert.Equal(2, Run(Write(extension, new byte[4096])).Exit);
        var line = new byte[10 << 20];
        line.AsSpan().Fill((byte)'9');
        Assert.Equal(2, Run(Write(extension, line)).Exit);
        Assert.Equal(2, Run(Write(extension, [.. "date,hcpcs\r\n2026-07-15,"u8, .. line])).Exit);
    }

    [Fact]
    public void UTF16_claim_files_are_read_or_refused_never_misread()
    {
        const string csv = "claim_id,date,hcpcs,units\r\nA,2025-11-03,99213,2\r\n";
        var (exit, _, _) = Run(Write(".csv", Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(0, exit);
        string expected = File.ReadAllText(Path.Combine(_folder, "out.csv"));
        var (exit16, _, error16) = Run(Write(".csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(csv)]));
        if (exit16 == 0)
        {
            Assert.Equal(expected, File.ReadAllText(Path.Combine(_folder, "out.csv")));
        }
        else
        {
            Assert.Contains("line 1", error16, StringComparison.Ordinal);
        }

        Assert.Equal(2, Run(Write(".json", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"lines\":[]}")])).Exit);
    }

    [Fact]
    public void An_output_that_is_a_folder_exits_2()
    {
        // Fixed: UnauthorizedAccessException escaped with its stack trace.
        string input = Write(".csv", "claim_id,date,hcpcs\r\nA,2025-11-03,99213\r\n"u8.ToArray());
        var (exit, _, error) = CliRun.InProcess("reprice", input, "-o", _folder);
        Assert.Equal(2, exit);
        Assert.Equal($"medpayiq: {_folder} is a folder; -o takes a file name.", error.TrimEnd());
    }

    [Fact]
    public void A_claim_of_more_than_999_lines_is_refused_by_check()
    {
        var json = "{\"lines\":[" + string.Join(",", Enumerable.Repeat("{\"date\":\"2026-07-15\",\"hcpcs\":\"77321\"}", 1000)) + "]}";
        Assert.Contains("at most 999 lines", Run(Write(".json", Encoding.UTF8.GetBytes(json))).Err, StringComparison.Ordinal);
        var csv = "date,hcpcs\r\n" + string.Concat(Enumerable.Repeat("2026-07-15,77321\r\n", 1000));
        var (exit, _, error) = CliRun.InProcess("check", Write(".csv", Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(2, exit);
        Assert.Contains("line 1001: a claim has at most 999 lines", error, StringComparison.Ordinal);
    }

    private static readonly string[] Pieces =
        ["", " ", "0", "00100", "100", "99213", "G0121", "26", "TC", "tc", "50,RT", "25 25", "2025-11-03", "7/1/2026", "2026-02-30", "1.2E+02", "1,234.50", "-1",
         "2147483647", "2147483648", "99999999999", "12345-6789", "02134", "2134", "10112", "00", "\u00e9", "\0", "\uFEFF", "\"", ",", "NaN", "Infinity", "1e400", "Y", "no", "np"];

    [Property(MaxTest = 300)]
    public void Typed_claim_words_are_read_or_refused_with_a_usage_message(int seed)
    {
        var random = new Random(seed);
        string Word() => string.Concat(Enumerable.Range(0, random.Next(1, 3)).Select(_ => Pieces[random.Next(Pieces.Length)]));
        string? Maybe() => random.Next(3) == 0 ? null : Word();
        foreach (var parse in (Action[])
            [
                () => ClaimInput.Code(Word()), () => ClaimInput.Modifiers([Word(), Word()]), () => ClaimInput.Date(Word()), () => ClaimInput.Pos(Word()),
                () => ClaimInput.Provider(Maybe()), () => ClaimInput.Money(Word()), () => ClaimInput.Count(Word(), "units"),
                () => ClaimInput.Location(Maybe(), Maybe(), Maybe(), random.Next(4) == 0),
            ])
        {
            try
            {
                parse();
            }
            catch (UsageException)
            {
            }
        }
    }
}
