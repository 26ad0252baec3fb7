using System.Globalization;
using System.Text;
using System.Text.Json;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary><c>medpayiq reprice</c> against the library, line for line.</summary>
public sealed class RepriceTests : IDisposable
{
    private static readonly string[] Codes =
        ["99213", "99214", "99203", "77321", "27447", "20610", "11042", "11045", "64483", "64484", "31624", "31629", "31622", "74177", "70450", "70496",
         "97110", "97140", "93306", "92250", "92134", "96523", "45378", "43239", "29881", "11300", "22818", "12007", "00100", "G0121", "ZZZZZ", "J1885"];
    private static readonly string[] Modifiers = ["", "", "", "26", "TC", "50", "RT", "LT", "80", "AS", "62", "51", "59", "25", "52", "QK", "AA"];
    private static readonly string[] Places = ["carrier=01182;locality=18", "carrier=10112;locality=00", "zip=90210", "", "zip=35203"];
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-reprice-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A claim file of <paramref name="lines"/> lines in claims of 1-8 lines, and the same claims in memory.</summary>
    internal static (string Csv, List<(string Id, Claim Claim)> Claims) Generate(int lines, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("claim_id,line,date,hcpcs,modifiers,units,pos,carrier,locality,zip,provider,participating,charge,minutes,base_units\r\n");
        var claims = new List<(string, Claim)>();
        int written = 0;
        while (written < lines)
        {
            string id = "C" + claims.Count.ToString("D6", CultureInfo.InvariantCulture);
            int n = Math.Min(random.Next(1, 9), lines - written);
            var date = new DateOnly(2025, 1, 2).AddDays(random.Next(0, 700));
            string place = Places[random.Next(Places.Length)];
            string carrier = place.StartsWith("carrier", StringComparison.Ordinal) ? place[8..13] : "";
            string locality = place.StartsWith("carrier", StringComparison.Ordinal) ? place[^2..] : "";
            string zip = place.StartsWith("zip", StringComparison.Ordinal) ? place[4..] : "";
            string pos = random.Next(3) == 0 ? "22" : "11";
            string provider = random.Next(5) == 0 ? "np" : "physician";
            bool par = random.Next(6) != 0;
            var claimLines = new List<ClaimLine>();
            for (int i = 0; i < n; i++)
            {
                string code = Codes[random.Next(Codes.Length)];
                string mod = Modifiers[random.Next(Modifiers.Length)];
                int units = random.Next(6) == 0 ? 2 : 1;
                string charge = random.Next(4) == 0 ? random.Next(10, 500).ToString(CultureInfo.InvariantCulture) : "";
                string minutes = code == "00100" ? "60" : "";
                string baseUnits = code == "00100" ? "5" : "";
                csv.Append(CultureInfo.InvariantCulture, $"{id},{i + 1},{date:yyyy-MM-dd},{code},{mod},{units},{pos},{carrier},{locality},{zip},{provider},{(par ? "Y" : "N")},{charge},{minutes},{baseUnits}\r\n");
                claimLines.Add(new ClaimLine(date, HcpcsCode.Parse(code), ModifierSet.Parse(mod))
                {
                    Units = units,
                    BilledCharge = charge.Length > 0 ? decimal.Parse(charge, CultureInfo.InvariantCulture) : null,
                    AnesthesiaMinutes = minutes.Length > 0 ? 60 : 0,
                    AnesthesiaBaseUnits = baseUnits.Length > 0 ? 5 : null,
                });
            }

            var location = carrier.Length > 0 ? PricingLocation.Of(LocalityKey.Parse($"{carrier}/{locality}")) : zip.Length > 0 ? PricingLocation.OfZip(zip) : PricingLocation.National;
            claims.Add((id, new Claim(claimLines)
            {
                Location = location,
                PlaceOfService = PlaceOfService.Parse(pos),
                Provider = provider == "np" ? ProviderKind.NursePractitioner : ProviderKind.Physician,
                Participation = par ? Participation.Participating : Participation.NonParticipating,
            }));
            written += n;
        }

        return (csv.ToString(), claims);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRun.InProcess(args);

    [Fact]
    public void Reprice_of_100000_lines_matches_pricing_each_claim_through_the_library()
    {
        var (csv, claims) = Generate(100_000, seed: 20261127);
        string input = Path.Combine(_folder, "claims.csv"), output = Path.Combine(_folder, "priced.csv");
        File.WriteAllText(input, csv);

        var (exit, _, error) = Run("reprice", input, "-o", output);
        Assert.Equal(0, exit);
        Assert.Contains("100,000 lines in", error, StringComparison.Ordinal);

        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        using var priced = File.OpenText(output);
        Assert.Equal("claim_id,line,date,hcpcs,modifiers,units,outcome,allowed,medicare_payment,coinsurance,deductible,limiting_charge,fee_schedule_amount,release,confidence,reason,claim_rejected_rows", priced.ReadLine());
        int compared = 0;
        decimal total = 0m;
        foreach (var (id, claim) in claims)
        {
            var expected = calculator.Price(claim);
            foreach (var line in expected.Lines)
            {
                var fields = priced.ReadLine()!.Split(',');
                Assert.Equal(id, fields[0]);
                Assert.Equal(line.LineNumber.ToString(CultureInfo.InvariantCulture), fields[1]);
                Assert.Equal(line.Line.Hcpcs.ToString(), fields[3]);
                Assert.Equal(line.Outcome.ToString(), fields[6]);
                Assert.Equal(line.AllowedAmount, decimal.Parse(fields[7], CultureInfo.InvariantCulture));
                Assert.Equal(line.MedicarePayment, decimal.Parse(fields[8], CultureInfo.InvariantCulture));
                Assert.Equal(line.LimitingCharge?.ToString("0.00", CultureInfo.InvariantCulture) ?? "", fields[11]);
                total += line.AllowedAmount;
                compared++;
            }
        }

        Assert.Null(priced.ReadLine());
        Assert.Equal(100_000, compared);
        Assert.Contains(total.ToString("N2", CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reprice_writes_json_lines()
    {
        var (csv, claims) = Generate(50, seed: 7);
        string input = Path.Combine(_folder, "claims.csv"), output = Path.Combine(_folder, "priced.jsonl");
        File.WriteAllText(input, csv);
        Assert.Equal(0, Run("reprice", input, "-o", output, "--json-lines").Exit);
        var lines = File.ReadAllLines(output);
        Assert.Equal(50, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(claims[0].Id, first.RootElement.GetProperty("claimId").GetString());
        Assert.True(first.RootElement.GetProperty("price").TryGetProperty("allowedAmount", out _));
    }

    [Theory]
    [InlineData("claim_id,date,hcpcs,color\r\nA,2025-01-02,99213,red\r\n", "line 1 column 4: 'color' is not a column")]
    [InlineData("claim_id,hcpcs\r\nA,99213\r\n", "the header has no date column")]
    [InlineData("claim_id,date,hcpcs\r\nA,2025-01-02,99213\r\nA,02/01/2025,99213\r\n", "line 3 column date: '02/01/2025' is not a date")]
    [InlineData("claim_id,date,hcpcs,units\r\nA,2025-01-02,99213,x\r\n", "line 2 column units: 'x' is not a number of units")]
    [InlineData("claim_id,date,hcpcs,participating\r\nA,2025-01-02,99213,maybe\r\n", "line 2 column participating: 'maybe' is not Y or N")]
    [InlineData("", "is empty")]
    [InlineData("claim_id,da\"te,hcpcs\r\nA,2025-01-02,99213\r\n", "line 1: not readable as CSV: a quote inside a field that is not quoted (byte 11)")]
    public void Bad_claim_files_exit_2_with_strict_naming_the_line_and_column(string content, string message)
    {
        string input = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(input, content);
        var (exit, _, error) = Run("reprice", input, "-o", Path.Combine(_folder, "out.csv"), "--strict");
        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Unpriced_lines_fail_the_run_only_when_asked()
    {
        string input = Path.Combine(_folder, "claims.csv");
        File.WriteAllText(input, "claim_id,date,hcpcs\r\nA,2025-01-02,ZZZZZ\r\n");
        Assert.Equal(0, Run("reprice", input, "-o", Path.Combine(_folder, "o1.csv")).Exit);
        Assert.Equal(1, Run("reprice", input, "-o", Path.Combine(_folder, "o2.csv"), "--fail-on-findings").Exit);
    }
}
