using System.CommandLine;
using System.Globalization;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Insights;
using MedPayIQ.Pricing;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq insights</c>: billing tips for a code, each with its CMS row and dollar impact.</summary>
internal sealed class InsightsCommand : Command
{
    private const int DefaultPairs = 20;

    private static readonly Dictionary<string, PricingSetting?> Settings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["facility"] = PricingSetting.Facility,
        ["non-facility"] = PricingSetting.NonFacility,
        ["nonfacility"] = PricingSetting.NonFacility,
    };

    private readonly Argument<HcpcsCode> _hcpcs = new("HCPCS") { Description = "The HCPCS code, such as 77321.", CustomParser = Parsers.Of(ClaimInput.Code) };
    private readonly LocationOptions _location = LocationOptions.Place();
    private readonly Option<string?> _beneficiaryZip = new("--beneficiary-zip") { Description = "The beneficiary's ZIP code: DMEPOS items are priced by its state and whether it is rural (default: --zip).", CustomParser = Parsers.Of<string?>(ClaimInput.BeneficiaryZip) };
    private readonly Option<PricingSetting?> _setting = new("--setting") { HelpName = "setting", Description = "facility or non-facility; default both.", CustomParser = Parsers.OneOf("a setting", Settings, "facility or non-facility") };
    private readonly ReleaseOptions _release = new("Use this release, such as RVU25A (on its first day).", "Date of service (yyyy-mm-dd); default today.");
    private readonly Option<bool> _qp = new("--qp") { Description = "Qualifying APM participant (2026 conversion factor)." };
    private readonly NcciOptions _ncci = new();
    private readonly Option<bool> _all = new("--all") { Description = $"Every PTP pair (default: the first {DefaultPairs} of each side)." };
    private readonly OutputOptions _output = OutputOptions.JsonOr("Write JSON (every insight with its amounts, evidence and related codes).");
    private readonly Option<FileSystemInfo[]> _history = new("--history") { Description = "Your 835 remittances (files, or folders of them): adds what they say about the code (lines paid and denied, by reason and month), each denied line as evidence.", AllowMultipleArgumentsPerToken = true };
    private readonly TextWriter _writer;

    public InsightsCommand(TextWriter output)
        : base("insights", "Billing tips for a code computed from CMS's data: units limit, bundling pairs, add-on rules, components, global period, surgery modifiers, status, family, and for lab tests, DMEPOS items and drugs their schedule, cost sharing, rate change and rural amounts; each with its data and dollar impact.")
    {
        _writer = output;
        Arguments.Add(_hcpcs);
        _location.AddTo(this);
        Options.Add(_beneficiaryZip);
        Options.Add(_setting);
        _release.AddTo(this);
        Options.Add(_qp);
        _ncci.AddTo(this);
        Options.Add(_all);
        Options.Add(_history);
        _output.AddTo(this);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var code = parse.GetValue(_hcpcs);
        var location = _location.GetValue(parse);
        var (catalog, dos) = _release.InsightCatalog(parse);
        var ncci = _ncci.GetValue(parse);
        var remittances = parse.GetValue(_history) is { Length: > 0 } paths ? new RemittanceFiles(paths) : null;
        var history = remittances?.History();
        remittances?.ThrowIfNotAllRead();
        var report = new CodeInsights(ExactReleaseOption.Calculator(parse, catalog), ncci).For(code, new InsightRequest(dos, location, parse.GetValue(_setting), parse.GetValue(_qp) ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying) { BeneficiaryZip = parse.GetValue(_beneficiaryZip) }, history);
        if (_output.IsJson(parse))
        {
            WriteJson(_writer, InsightsJson.Of(report), CliJsonContext.Default.InsightsJson);
        }
        else
        {
            WriteInsightsText(_writer, report, parse.GetValue(_all));
        }

        return Ok;
    }

    private static void WriteInsightsText(TextWriter o, CodeInsightReport report, bool all)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"{report.Hcpcs} on {report.Request.DateOfService:yyyy-MM-dd}, {(report.Request.Location.Kind == PricingLocationKind.National ? "national" : report.Request.Location.ToString())}: {report.Release?.Id.ToString() ?? "no release"} ({report.ReleaseReason})"));
        o.WriteLine();
        int shown1 = 0, shown2 = 0, hidden = 0;
        foreach (var insight in report.Insights)
        {
            bool pair = insight.Kind is InsightKind.BundledInto or InsightKind.Bundles;
            if (pair && !all)
            {
                ref int shown = ref insight.Kind == InsightKind.BundledInto ? ref shown1 : ref shown2;
                if (shown >= DefaultPairs)
                {
                    hidden++;
                    continue;
                }

                shown++;
            }

            o.WriteLine($"[{insight.Kind}] {insight.Text}");
            foreach (var e in insight.Evidence)
            {
                o.WriteLine($"    source: {e}");
            }
        }

        if (hidden > 0)
        {
            o.WriteLine(string.Create(inv, $"... and {hidden} more PTP pairs (--all shows them)"));
        }

        foreach (var n in report.Notes)
        {
            o.WriteLine($"note: {n}");
        }

        if (report.Release is { } r)
        {
            o.WriteLine();
            o.WriteLine($"Amounts by the MedPayIQ calculator from {r.Id} ({r.Provenance.Origin}); PPRRVU sha256 {r.RvuFileSha256}.");
        }
    }
}
