using System.CommandLine;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq check</c>: the NCCI edits a claim file trips, with the fix for each.</summary>
internal sealed class CheckCommand : Command
{
    private static readonly Dictionary<string, NcciClaimKind?> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["practitioner"] = NcciClaimKind.Practitioner,
        ["professional"] = NcciClaimKind.Practitioner,
        ["hospital"] = NcciClaimKind.OutpatientHospital,
        ["outpatient"] = NcciClaimKind.OutpatientHospital,
        ["dme"] = NcciClaimKind.DmeSupplier,
    };

    private readonly Argument<FileInfo> _input = new("CLAIM") { Description = "The claim: a CSV file (the reprice columns; date and hcpcs required) or a JSON file ({\"kind\": \"practitioner\", \"lines\": [{\"date\", \"hcpcs\", \"modifiers\", \"units\"}]})." };
    private readonly NcciOptions _ncci = new();
    private readonly Option<NcciClaimKind?> _kind = new("--kind") { HelpName = "kind", Description = "practitioner (default), hospital or dme: which PTP and MUE tables apply.", CustomParser = Parsers.OneOf("a claim kind", Kinds, "practitioner, hospital or dme") };
    private readonly OutputOptions _output = OutputOptions.JsonOr();
    private readonly Option<bool> _failOnFindings = new("--fail-on-findings") { Description = "Exit 1 when a finding denies a line." };
    private readonly TextWriter _writer;

    public CheckCommand(TextWriter output)
        : base("check", "Check a claim against the NCCI edits in force on its dates of service: PTP pairs, MUEs, add-on codes; each finding with its lines, edit, table version, denial code and fix.")
    {
        _writer = output;
        Parsers.MustExist(_input);
        Arguments.Add(_input);
        _ncci.AddTo(this);
        Options.Add(_kind);
        _output.AddTo(this);
        Options.Add(_failOnFindings);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var (lines, fileKind) = ClaimFileReader.ReadClaim(parse.GetValue(_input)!);
        var claimKind = parse.GetValue(_kind) ?? (fileKind is null ? NcciClaimKind.Practitioner
            : Kinds.TryGetValue(fileKind, out var k) ? k!.Value
            : throw new UsageException($"'{fileKind.ToLowerInvariant()}' is not a claim kind: practitioner, hospital or dme."));
        var check = new NcciChecker(_ncci.GetValue(parse)).Check(lines, claimKind);
        if (_output.IsJson(parse))
        {
            WriteJson(_writer, CheckJson.Of(check, lines.Count), CliJsonContext.Default.CheckJson);
        }
        else
        {
            WriteCheckText(_writer, check, lines);
        }

        return parse.GetValue(_failOnFindings) && check.HasDenials ? Findings : Ok;
    }

    private static void WriteCheckText(TextWriter o, NcciCheck check, List<ClaimLine> lines)
    {
        o.WriteLine($"{lines.Count} lines, {check.Findings.Length} findings{(check.HasDenials ? ", lines denied" : "")}");
        foreach (var f in check.Findings)
        {
            o.WriteLine();
            o.WriteLine($"{f.Kind}  lines {string.Join(", ", f.Lines)}{(f.DeniedLines.Length > 1 ? $"  denied: lines {string.Join(", ", f.DeniedLines)}" : f.DeniedLine is { } d ? $"  denied: line {d}" : "")}{(f.DenialCode is { } c ? $"  {c}" : "")}");
            o.WriteLine($"  {f.Reason}");
            o.WriteLine($"  fix: {f.Fix}");
            o.WriteLine($"  edit: {f.Edit}");
            o.WriteLine($"  table: {f.Source} sha256 {f.Source.Sha256}");
        }

        o.WriteLine();
        foreach (var n in check.Notes)
        {
            o.WriteLine($"note: {n}");
        }
    }
}
