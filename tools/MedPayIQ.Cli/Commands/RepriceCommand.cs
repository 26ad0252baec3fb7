using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Pricing;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary>
/// <c>medpayiq reprice</c>: prices a file of claim lines, streaming: one claim (its consecutive rows with the same
/// claim id) in memory at a time, whatever the file's size.
/// </summary>
internal sealed class RepriceCommand : Command
{
    private readonly Argument<FileInfo> _input = new("CLAIMS") { Description = "A CSV file of claim lines with a header: claim_id, date, hcpcs and any of line, modifiers, units, pos, facility, carrier, locality, zip, provider, participating, qp, charge, minutes, base_units; or an 837P file (recognized by its ISA header)." };
    private readonly OutputOptions _output = OutputOptions.ToFile("The priced lines (CSV, or JSON lines with --json-lines).", required: true, jsonLines: "Write one JSON object per line instead of CSV.");
    private readonly Option<bool> _failOnFindings = new("--fail-on-findings") { Description = "Exit 1 when any line cannot be priced." };
    private readonly TextWriter _error;

    public RepriceCommand(TextWriter error)
        : base("reprice", "Price a file of claim lines, streaming; a summary (lines, totals, unpriced lines, lines per second) goes to stderr.")
    {
        _error = error;
        Parsers.MustExist(_input);
        Arguments.Add(_input);
        _output.AddTo(this);
        Options.Add(_failOnFindings);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var calculator = ExactReleaseOption.Calculator(parse, DataOption.LoadCatalog(DataOption.GetValue(parse)));
        using var target = _output.OpenFile(parse, 1 << 16)!;
        var summary = Reprice(parse.GetValue(_input)!, calculator, target, _output.IsJson(parse), _error, progress: !Console.IsErrorRedirected && ReferenceEquals(_error, Console.Error));
        _error.WriteLine(summary.ToString());
        return parse.GetValue(_failOnFindings) && summary.UnpricedLines > 0 ? Findings : Ok;
    }

    /// <summary>What a reprice run did.</summary>
    internal sealed record RepriceSummary(long Lines, long Claims, decimal Allowed, decimal MedicarePayment, long UnpricedLines, TimeSpan Elapsed)
    {
        public override string ToString()
            => string.Create(CultureInfo.InvariantCulture,
                $"medpayiq: {Lines:N0} lines in {Claims:N0} claims; allowed {Allowed:N2}, Medicare {MedicarePayment:N2}; {UnpricedLines:N0} lines not priced; {Lines / Math.Max(Elapsed.TotalSeconds, 1e-9):N0} lines/s");
    }

    internal static RepriceSummary Reprice(FileInfo file, PaymentCalculator calculator, TextWriter output, bool jsonLines, TextWriter error, bool progress)
    {
        var clock = Stopwatch.StartNew();
        using var json = new JsonLineWriter(output);
        var contract = CliJsonLinesContext.Default.RepricedLineJson;
        long lines = 0, claims = 0, unpriced = 0;
        long allowedCents = 0, paymentCents = 0;
        Action<long, int>? report = progress ? (read, percent) => error.Write($"\r[{new string('#', percent / 5),-20}] {percent,3}%  {read:N0} lines") : null;
        var x12 = X12ClaimFile.Is(file) ? new X12ClaimFile(file, new X12.X12ReadOptions { ApplySequestration = false }) : null; // an 837P, read claim by claim
        using var claimFile = x12 is null ? ClaimFileReader.OpenCsvClaims(file) : null;
        var fileClaims = x12 is null
            ? claimFile!.Read(report)
            : x12.Claims().Select(c => new FileClaim(c.ClaimId, c.Claim, [.. c.ServiceLines.Select(l => l.Number.ToString(CultureInfo.InvariantCulture))]));
        if (!jsonLines)
        {
            output.Write("claim_id,line,date,hcpcs,modifiers,units,outcome,allowed,medicare_payment,coinsurance,deductible,limiting_charge,fee_schedule_amount,release,confidence,reason\r\n");
        }

        foreach (var claim in fileClaims)
        {
            var priced = calculator.Price(claim.Claim);
            claims++;
            for (int i = 0; i < priced.Lines.Length; i++)
            {
                var p = priced.Lines[i];
                lines++;
                allowedCents += (long)(p.AllowedAmount * 100m);
                paymentCents += (long)(p.MedicarePayment * 100m);
                unpriced += p.Outcome == PriceOutcome.Priced ? 0 : 1;
                if (jsonLines)
                {
                    json.Write(new RepricedLineJson(claim.Id, claim.LineNumbers[i], LinePriceJson.Of(priced.Claim, p, includeSteps: false)), contract);
                }
                else
                {
                    WriteCsvLine(output, claim.Id, claim.LineNumbers[i], p);
                }
            }
        }

        if (progress)
        {
            error.Write("\r" + new string(' ', 50) + "\r");
        }

        output.Flush();
        x12?.ThrowIfNotAllRead();
        return new RepriceSummary(lines, claims, allowedCents / 100m, paymentCents / 100m, unpriced, clock.Elapsed);
    }

    private static void WriteCsvLine(TextWriter o, string claimId, string number, LinePrice p)
    {
        var line = p.Line;
        o.Write(Csv(claimId));
        o.Write(',');
        o.Write(Csv(number));
        o.Write(Invariant($",{line.DateOfService:yyyy-MM-dd},{line.Hcpcs},{Csv(line.Modifiers.ToString())},{line.Units},{p.Outcome},{p.AllowedAmount:0.00},{p.MedicarePayment:0.00},{p.Coinsurance:0.00},{p.Deductible:0.00},{(p.LimitingCharge is { } lc ? lc.ToString("0.00", CultureInfo.InvariantCulture) : "")},{p.FeeScheduleAmount:0.00},{p.Release?.Id.ToString() ?? ""},{p.Confidence},"));
        o.Write(Csv(p.Outcome == PriceOutcome.Priced ? p.ConfidenceReason : p.Reason));
        o.Write("\r\n");
    }
}
