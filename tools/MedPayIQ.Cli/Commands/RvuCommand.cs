using System.CommandLine;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Pricing;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq rvu</c>: a code's RVU rows, indicators and conversion factor from a release, with its provenance.</summary>
internal sealed class RvuCommand : Command
{
    private readonly Argument<HcpcsCode> _hcpcs = new("HCPCS") { Description = "The HCPCS code, such as 77321.", CustomParser = Parsers.Of(ClaimInput.Code) };

    private readonly Option<Modifier?> _modifier = new("--modifier", "-m")
    {
        Description = "Only the row of this modifier (26, TC, 53); blank for every row of the code.",
        CustomParser = Parsers.Of<Modifier?>(text => Modifier.TryParse(text, out var m) ? m : throw new UsageException($"'{text}' is not a modifier: two letters or digits, such as 26 or TC.")),
    };

    private readonly ReleaseOptions _release = new("The release, such as RVU25A.", "Date of service (yyyy-mm-dd): the release in force that day.");
    private readonly OutputOptions _output = OutputOptions.JsonOr();
    private readonly TextWriter _writer;

    public RvuCommand(TextWriter output)
        : base("rvu", "Show a code's RVU rows, indicators and conversion factor from a release, with its provenance.")
    {
        _writer = output;
        Arguments.Add(_hcpcs);
        Options.Add(_modifier);
        _release.AddTo(this);
        _output.AddTo(this);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var code = parse.GetValue(_hcpcs);
        var only = parse.GetValue(_modifier);
        var (r, why) = _release.PickRelease(parse);
        var rows = r.Rvus.GetRows(code).ToArray().Where(e => only is null || e.Modifier == only).ToArray();
        if (_output.IsJson(parse))
        {
            WriteJson(_writer, new RvuJson(code.ToString(), ReleaseJson.Of(r), why, [.. rows.Select(e => RvuRowJson.Of(r, e))]), CliJsonContext.Default.RvuJson);
            return rows.Length == 0 ? BadInput : Ok;
        }

        if (rows.Length == 0)
        {
            throw new UsageException($"{r.Id} has no row for {code}{(only is { } o && o.IsSome ? "-" + o : "")}.");
        }

        var output = _writer;
        var description = rows.Select(e => r.Rvus.GetDescription(e)).FirstOrDefault(d => d is not null);
        output.WriteLine($"{code}  {description ?? (code.IsLevelII && !code.IsDental ? "" : "(CPT/CDT descriptor not packaged: AMA/ADA copyright)")}");
        output.WriteLine(Invariant($"{r.Id}: {why}"));
        output.WriteLine(Invariant($"Conversion factor {r.ConversionFactor} $/RVU; RVU file {r.Provenance.Files[0].Name}, sha256 {r.RvuFileSha256}"));
        output.WriteLine();
        output.WriteLine("Mod Status  Work  PE nonfac   PE fac     MP  Total nf Total fac PC/TC Global  Mult Bilat Asst Co Team  OPPS cap RVUs");
        foreach (var e in rows)
        {
            output.WriteLine(Invariant(
                $"{e.Modifier,-3} {(char)e.Status,-6} {e.WorkRvu,5:0.00} {e.NonFacilityPracticeExpenseRvu,7:0.00}{(e.NonFacilityNotApplicable ? "NA" : "  ")} {e.FacilityPracticeExpenseRvu,6:0.00}{(e.FacilityNotApplicable ? "NA" : "  ")} {e.MalpracticeRvu,5:0.00} {e.NonFacilityTotalRvu,9:0.00} {e.FacilityTotalRvu,9:0.00} {(int)e.PcTc,5} {IndicatorCodes.GlobalDays(e.GlobalPeriod),-6} {(int)e.MultipleProcedure,5} {(int)e.BilateralSurgery,5} {(int)e.AssistantAtSurgery,4} {(int)e.CoSurgeons,2} {(int)e.TeamSurgery,4}  {(e.HasOppsRvus ? $"{e.OppsNonFacilityPracticeExpenseRvu:0.00}/{e.OppsFacilityPracticeExpenseRvu:0.00}/{e.OppsMalpracticeRvu:0.00}" : "none")}"));
        }

        return Ok;
    }
}
