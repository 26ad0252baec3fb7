using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>
/// The tool's output contract, byte for byte: the text and JSON of every command, its exit code, stderr and the files
/// it writes, on a broad set of inputs, against data/golden-output.txt (captured from the tool before its commands
/// became one class each, and checked identical then). A change of wording or of the JSON is deliberate: rerun with
/// MEDPAYIQ_UPDATE_GOLDEN=1 to rewrite the file, and review its diff.
/// </summary>
public sealed partial class GoldenOutputTests : IDisposable
{
    private const string Header = "=== medpayiq ";
    private const string Mue = "{data}/MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv";
    private const string Ptp = "{data}/ccipra-v322r0-f1.excerpt.txt";

    /// <summary>The cases: arguments, with {data} the NCCI excerpts, {dir} a folder of the claim files below, {corpus} the broken claim files, {x12} the 837P and 835 files.</summary>
    private static readonly string[] Cases =
    [
        "releases",
        "releases --json",
        "rvu 77321 --release RVU25A",
        "rvu 77321 --release RVU25A --json",
        "rvu 77321 --modifier TC --date 2026-07-15 --json",
        "rvu 77321 -m 26 --date 2025-11-03",
        "rvu 27447 --release RVU26C --json",
        "rvu G0121 --release rvu25d",
        "rvu 00100 --release RVU25A --json",
        "rvu ZZZZZ --release RVU25D --json",
        "rvu 7732",
        "rvu 77321 --modifier T",
        "rvu 77321 --release 2025",
        "rvu 77321 --release RVU24D",
        "rvu 77321 --date 2027-01-05",
        "rvu 77321 --date 01/05/2025",
        "rvu 77321 --release RVU25A --date 2025-01-02",
        "rvu 77321 --bogus",
        "fees --release RVU25A --carrier 01182 --locality 99",
        "fees --release RVU25A",
        "fees --release RVU25A --carrier 01182",
        "fees --release RVU25A --carrier 011821 --locality 17",
        "fees --release RVU25A --all-localities --carrier 01182",
        "fees --release RVU25A --all-localities --format xml",
        "fees --carrier 01182 --locality 17",
        "price 77321 --national --release RVU25A",
        "price 77321 --national --release RVU25A --json",
        "price 77321 -m 26 --carrier 10112 --locality 00 --date 2025-11-03 --nonpar --json",
        "price 77321 -m 26 --carrier 10112 --locality 00 --date 2025-11-03 --nonpar",
        "price 27447 -m 80,50 --pos 21 --release RVU25A --json",
        "price 27447 -m 80 -m 50 --pos 21 --release RVU25A",
        "price 99213 --provider NP --zip 90210 --date 2026-07-15 --charge 80.00",
        "price 99213 --zip 35203-1234 --date 2026-07-15 --charge 80.00 --json --qp",
        "price 99213 -m 26 --release RVU25A --json",
        "price 99213 -m 26 --release RVU25A --fail-on-findings",
        "price 00100 --minutes 60 --base-units 5 --date 2025-11-03 --provider crna",
        "price 00100 --minutes 60 --date 2025-11-03 --json",
        "price 0071U --date 2026-05-01 --mue " + Mue,
        "price 0001U --date 2026-07-15 --ptp " + Ptp,
        "price 80053 --date 2026-02-10 --zip 93101 --json",
        "price E0601 -m RR --date 2026-02-10 --zip 93101 --beneficiary-zip 90704 --json",
        "price B4034 --date 2026-02-10 --zip 93101",
        "diff 2025-05-01 2026-05-01 --codes 0001U-0099U --no-amounts --json",
        "price 0001U --date 2026-07-15 --ptp " + Ptp + " --json",
        "price 99292 --date 2026-07-15 --json",
        "price 77321 --date 2026-05-04 --json --facility --units 3",
        "price 77321 --date 2026-05-04 --units 2 --carrier 01182 --locality 18 --nonpar --charge 500",
        "price 27447 -m 80 -m 80 --release RVU25A",
        "price 99213 --provider nurse --release RVU25A",
        "price 99213 --zip 90210 --national --release RVU25A",
        "price 99213 --zip 9021 --release RVU25A",
        "price 99213 --pos 21 --facility --release RVU25A",
        "price 99213 --charge -5 --release RVU25A",
        "price 99213 --units x --release RVU25A",
        "price 99213 --ptp /nonexistent/p.txt --release RVU25A",
        "check {dir}/claim1.csv --ptp " + Ptp,
        "check {dir}/claim1.csv --ptp " + Ptp + " --json --fail-on-findings",
        "check {dir}/claim4.json --mue " + Mue + " --json",
        "check {dir}/claim2.csv",
        "check {dir}/claim2.csv --kind DME --json",
        "check {dir}/claim2.csv --kind home",
        "check {dir}/claim5.json",
        "check {dir}/claim3.csv --data {dir}/ncci --json",
        "check {dir}/bad.csv",
        "check /nonexistent/claim.csv",
        "check {corpus}/json-root-array.json",
        "check {corpus}/json-truncated.json",
        "check {corpus}/json-utf8-bom.json",
        "insights 77321 --release RVU25A",
        "insights 77321 --release RVU25A --json",
        "insights 80503 --date 2026-07-01 --ptp " + Ptp + " --json",
        "insights 0001U --date 2026-07-01 --ptp " + Ptp,
        "insights 77321 --date 2026-05-04 --setting facility --carrier 01182 --locality 18 --qp",
        "insights 27447 --date 2025-11-03 --setting NON-FACILITY --zip 90210 --json",
        "insights 77321 --setting home",
        "diff RVU25D RVU26C --codes 77321",
        "diff RVU25D RVU26C --codes 77321 --json",
        "diff RVU25D RVU26C --codes 77385-77412 --json --no-amounts",
        "diff 2025-01-01 2026-07-01 --codes 0029U --no-amounts --ptp " + Ptp + " --json",
        "diff RVU25A RVU26C --codes 99213 --carrier 01182 --locality 18 --json",
        "diff RVU25D 2026-07-01",
        "diff 2019-01-01 2026-07-01",
        "diff RVU25D RVU26C --codes 77799-77261",
        "ncci compile " + Ptp + " " + Mue + " -o {dir}/out/ncci-2026.ncci",
        "reprice {dir}/claims.csv -o {dir}/out/priced.csv",
        "reprice {dir}/claims.csv -o {dir}/out/priced.jsonl --json-lines",
        "reprice {dir}/claimsbad.csv -o {dir}/out/partial.csv",
        "reprice {corpus}/duplicate-column.csv -o {dir}/out/empty.csv",
        "reprice {dir}/claims.csv",
        "adjudicate {x12}/hillside-two-transactions.837 -o {dir}/out/adjudicated.jsonl --json",
        "adjudicate {x12}/hillside-two-transactions.837 -o {dir}/out/adjudicated.txt --format csv --base-units {dir}/base-units.csv",
        "adjudicate {dir}/claims.csv -o {dir}/out/adjudicated.csv --deductible 50 --fail-on-findings",
        "adjudicate {dir}/claims.jsonl -o {dir}/out/adjudicated-json.jsonl --json",
        "adjudicate {dir}/claims.jsonl -o {dir}/out/no-edits.csv --no-edits",
        "adjudicate {dir}/badclaims.jsonl -o {dir}/out/bad.jsonl",
        "adjudicate {dir}/badclaims.jsonl -o {dir}/out/bad-strict.jsonl --strict",
        "adjudicate {x12}/hillside-two-transactions.837 -o {dir}/out/x.out --format xml",
        "adjudicate {x12}/hillside-two-transactions.837 -o {dir}/out/x.835 --deductible lots",
        "adjudicate {dir}/claims.csv -o {dir}/out/x.837",
        "remits {x12}/two-payers.835 --claims {x12}/worked-claim.837 --zip 90210",
        "remits {x12}/two-payers.835 --claims {x12}/worked-claim.837 --zip 90210 --json",
        "remits {x12}/two-payers.835 --no-edits",
        "remits {x12}/worked-claim.837",
        "insights 77321 --date 2026-07-09 --zip 90210 --setting non-facility --history {x12}/two-payers.835",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-golden-").FullName;

    public GoldenOutputTests()
    {
        Write("claim1.csv", "line,date,hcpcs,modifiers,units\r\n1,2023-06-01,0001A,,1\r\n2,2023-06-01,99213,25,1\r\n3,2023-06-01,0591T,,1\r\n");
        Write("claim2.csv", "date,hcpcs,modifiers,units\r\n2026-05-04,77321,,1\r\n2026-05-04,99213,25,1\r\n2026-05-04,77321,76,1\r\n");
        Write("claim3.csv", "line,date,hcpcs,modifiers,units\r\n1,2023-06-01,0001A,,1\r\n2,2023-06-01,99213,59,1\r\n3,2023-06-01,0591T,,1\r\n");
        Write("claim4.json", """{ "kind": "practitioner", "lines": [ { "date": "2026-05-01", "hcpcs": "0071U", "units": 1 }, { "date": "2026-05-01", "hcpcs": "0002M", "modifiers": ["91"], "units": 2 } ] }""");
        Write("claim5.json", """{ "kind": "hospital", "lines": [ { "date": "2026-05-04", "hcpcs": "77321", "units": 3, "pos": "22" }, { "date": "2026-05-04", "hcpcs": "27447", "modifiers": "RT" } ] }""");
        Write("bad.csv", "date,hcpcs\r\n2023-06-01,BAD\r\n");
        string claims = "claim_id,line,date,hcpcs,modifiers,units,pos,facility,carrier,locality,zip,provider,participating,qp,charge,minutes,base_units\r\n"
            + "A,1,2025-01-02,99213,25,1,11,,01182,18,,physician,Y,N,150.00,,\r\nA,2,2025-01-02,77321,26,1,,,,,,,,,,,\r\n"
            + "B,1,2026-07-15,27447,\"80 50\",1,21,,,,90210,np,N,Y,,,\r\nB,2,2026-07-15,00100,,1,,,,,,crna,,,,60,5\r\n"
            + "C,,2025-11-03,ZZZZZ,,2,,Y,10112,00,,pa,,,1234.50,,\r\nD,1,2026-03-01,G0121,,1,,,,,35203,,,,,,\r\nD,2,2026-03-01,99214,AA,1,,,,,,,,,,,\r\n";
        Write("claims.csv", claims);
        Write("claimsbad.csv", claims.Replace("1234.50", "\"1,234.50\"", StringComparison.Ordinal));
        Write("claims.jsonl", """
            {"claimId": "K1", "zip": "10001", "pos": "11", "lines": [{"date": "2026-07-07", "hcpcs": "99214", "units": 3, "charge": 300}, {"date": "2026-07-07", "hcpcs": "20610", "charge": 250}, {"date": "2026-07-07", "hcpcs": "11042", "charge": "400"}]}
            {"claimId": "K2", "zip": "90210", "pos": "22", "deductibleRemaining": 100, "lines": [{"date": "2025-11-03", "hcpcs": "27447", "modifiers": ["50"], "charge": 6000}]}

            {"claimId": "K3", "carrier": "01182", "locality": "18", "provider": "NP", "participating": false, "qp": "Y", "lines": [{"date": "2025-03-01", "hcpcs": "00100", "minutes": 60, "baseUnits": 5, "charge": 900, "pos": "22"}, {"date": "2025-03-01", "hcpcs": "99213", "modifiers": "25", "units": "2"}]}
            """);
        Write("badclaims.jsonl", "{\"claimId\": \"K1\", \"zip\": \"10001\", \"lines\": [{\"date\": \"2026-07-07\", \"hcpcs\": \"9921\"}]}\n");
        Write("base-units.csv", "hcpcs,base_units\n00100,5\n");
        Directory.CreateDirectory(Path.Combine(_folder, "out"));
        var ncci = Directory.CreateDirectory(Path.Combine(_folder, "ncci")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "data", "ccipra-v322r0-f1.excerpt.txt"), Path.Combine(ncci, "ccipra-v322r0-f1.txt"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_command_writes_what_the_golden_file_holds_byte_for_byte()
    {
        var actual = Cases.ToDictionary(c => c, Render);
        string path = Path.Combine(CliTests.RepositoryRoot(), "tests", "MedPayIQ.Cli.Tests", "data", "golden-output.txt");
        if (Environment.GetEnvironmentVariable("MEDPAYIQ_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, string.Concat(actual.Values), new UTF8Encoding(false));
        }

        var expected = Parse(File.ReadAllText(path));
        Assert.Equal(Cases, expected.Keys);
        foreach (var c in Cases)
        {
            Assert.True(expected[c] == actual[c], $"medpayiq {c}: the output differs from data/golden-output.txt.\nexpected:\n{expected[c]}\nactual:\n{actual[c]}");
        }
    }

    /// <summary>One case: its arguments, exit code, stdout, stderr and the file it wrote, each under a header line.</summary>
    private string Render(string line)
    {
        string data = Path.Combine(AppContext.BaseDirectory, "data"), corpus = Path.Combine(AppContext.BaseDirectory, "corpus", "claims"), x12 = Path.Combine(data, "x12");
        var args = line.Split(' ').Select(a => a.Replace("{data}", data, StringComparison.Ordinal).Replace("{dir}", _folder, StringComparison.Ordinal).Replace("{corpus}", corpus, StringComparison.Ordinal).Replace("{x12}", x12, StringComparison.Ordinal)).ToArray();
        var (exit, output, error) = CliRun.InProcess(args);
        var text = new StringBuilder().Append(Header).Append(line).Append("\nexit ").Append(exit).Append('\n');
        text.Append("--- stdout\n").Append(Seconds().Replace(LinesPerSecond().Replace(ClaimsPerSecond().Replace(output, "N claims/s"), "N lines/s"), "\"seconds\": S")).Append("--- stderr\n").Append(LinesPerSecond().Replace(error, "N lines/s"));
        int o = Array.IndexOf(args, "-o");
        if (o >= 0 && File.Exists(args[o + 1]) && !args[o + 1].EndsWith(".ncci", StringComparison.Ordinal))
        {
            text.Append("--- file\n").Append(File.ReadAllText(args[o + 1]));
        }

        return text.Append("--- end\n").ToString();
    }

    private static Dictionary<string, string> Parse(string golden)
        => golden.Split(Header, StringSplitOptions.RemoveEmptyEntries).ToDictionary(c => c[..c.IndexOf('\n', StringComparison.Ordinal)], c => Header + c);

    [GeneratedRegex(@"[0-9,]+ lines/s")]
    private static partial Regex LinesPerSecond();

    [GeneratedRegex(@"[0-9,]+ claims/s")]
    private static partial Regex ClaimsPerSecond();

    /// <summary>adjudicate --json's run time.</summary>
    [GeneratedRegex(@"""seconds"": [0-9.E+-]+")]
    private static partial Regex Seconds();

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_folder, name), content);
}
