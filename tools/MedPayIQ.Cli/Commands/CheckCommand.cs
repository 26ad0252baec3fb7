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

    private readonly Argument<FileInfo> _input = new("CLAIM") { Description = "The claim: a CSV file (the reprice columns; date and hcpcs required) or a JSON file ({\"kind\": \"practitioner\", \"lines\": [{\"date\", \"hcpcs\", \"modifiers\", \"units\"}]}), or an 837P file (each of its claims checked)." };
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
        var file = parse.GetValue(_input)!;
        if (X12ClaimFile.Is(file))
        {
            // An 837P: each of its claims is checked.
            bool denied = CheckClaims(new X12ClaimFile(file, new X12.X12ReadOptions()), new NcciChecker(_ncci.GetValue(parse)), parse.GetValue(_kind) ?? NcciClaimKind.Practitioner, _output.IsJson(parse));
            return parse.GetValue(_failOnFindings) && denied ? Findings : Ok;
        }

        var (lines, fileKind) = ClaimFileReader.ReadClaim(file);
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

    /// <summary>Checks each claim of an 837P: in text, a heading per claim; in JSON, an array of {claimId, check}. Whether a line is denied.</summary>
    private bool CheckClaims(X12ClaimFile file, NcciChecker checker, NcciClaimKind kind, bool json)
    {
        bool denials = false;
        var checks = new List<X12CheckJson>();
        foreach (var claim in file.Claims())
        {
            var check = checker.Check(claim.Claim.Lines, kind);
            denials |= check.HasDenials;
            if (json)
            {
                checks.Add(new X12CheckJson(claim.ClaimId, CheckJson.Of(check, claim.Claim.Lines.Length)));
                continue;
            }

            _writer.WriteLine($"claim {claim.ClaimId} ({claim.Envelope})");
            WriteCheckText(_writer, check, claim.Claim.Lines);
            _writer.WriteLine();
        }

        if (json)
        {
            WriteJson(_writer, checks.ToArray(), CliJsonContext.Default.X12CheckJsonArray);
        }

        file.ThrowIfNotAllRead();
        return denials;
    }

    private static void WriteCheckText(TextWriter o, NcciCheck check, IReadOnlyList<ClaimLine> lines)
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
