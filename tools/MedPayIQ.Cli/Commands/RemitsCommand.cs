using System.CommandLine;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using MedPayIQ.X12;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary>
/// <c>medpayiq remits</c>: payers' 835s against what Medicare's rules say: each remitted line matched to its 837P
/// claim (<c>--claims</c>) or to the claim rebuilt from the 835, its payment beside the expected one with the most
/// likely cause of a variance; totals per payer and code; the denial history. Text by default, <c>--json</c>.
/// </summary>
internal sealed partial class RemitsCommand : Command
{
    private readonly Argument<FileSystemInfo[]> _paths = new("REMITTANCES") { Description = "835 files, or folders of them (every file of a folder that starts with ISA).", Arity = ArgumentArity.OneOrMore };
    private readonly Option<FileInfo[]> _claims = new("--claims") { Description = "The 837P files of the claims the remittances pay: a remitted claim is matched by CLP01 = CLM01, its lines by REF*6R, position or code; without it (or for a claim not in them) the claim is rebuilt from the 835 at --zip/--carrier/--locality (national by default).", AllowMultipleArgumentsPerToken = true };
    private readonly LocationOptions _location = LocationOptions.Place();
    private readonly Option<bool> _noEdits = new("--no-edits") { Description = "Compare without the NCCI edits." };
    private readonly OutputOptions _output = OutputOptions.JsonOr("Write JSON: every line (claimId, line, hcpcs, modifiers, paid, expectedPaid, variance, allowed, expectedAllowed, cause, reason codes), the totals and the denial history.");
    private readonly Option<FileInfo?> _html = new("--html") { Description = "Also write the report as one self-contained HTML file (charts as inline SVG: variance by code, denial rate by code and reason; no script, nothing fetched)." };
    private readonly NcciOptions _ncci = new();
    private readonly TextWriter _writer;

    public RemitsCommand(TextWriter output)
        : base("remits", "Payers' 835 remittances against Medicare's payment rules and the NCCI edits: each line's payment beside the expected one, the variance and its most likely cause; under- and overpayments by payer and code; the denial history by code and reason.")
    {
        _writer = output;
        Parsers.MustExist(_claims);
        Arguments.Add(_paths);
        Options.Add(_claims);
        _location.AddTo(this);
        Options.Add(_noEdits);
        Options.Add(_html);
        _output.AddTo(this);
        _ncci.AddTo(this);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var calculator = new PaymentCalculator(DataOption.LoadCatalog(DataOption.GetValue(parse)));
        var checker = parse.GetValue(_noEdits) ? null : new NcciChecker(_ncci.GetValue(parse));
        var comparer = new RemittanceComparer(calculator, checker, new RemittanceComparisonOptions { Location = _location.GetValue(parse) });
        var billed = new Dictionary<string, ProfessionalClaim>(StringComparer.Ordinal);
        var claimFiles = new List<X12ClaimFile>();
        foreach (var file in parse.GetValue(_claims) ?? [])
        {
            if (!X12ClaimFile.Is(file))
            {
                throw new UsageException($"{file.Name}: --claims takes 837P files (starting with ISA).");
            }

            var claims = new X12ClaimFile(file, new X12ReadOptions());
            claimFiles.Add(claims);
            foreach (var claim in claims.Claims())
            {
                billed.TryAdd(claim.ClaimId, claim);
            }
        }

        var files = new RemittanceFiles(parse.GetValue(_paths)!);
        var report = new Report();
        foreach (var remittance in files.Remittances())
        {
            report.Add(remittance, comparer.Compare(remittance, billed.Count == 0 ? null : billed));
        }

        if (_output.IsJson(parse))
        {
            WriteJson(_writer, RemitsJson.Of(report, files), CliJsonContext.Default.RemitsJson);
        }
        else
        {
            WriteText(_writer, report, files);
        }

        if (parse.GetValue(_html) is { } html)
        {
            using var file = new StreamWriter(html.FullName, append: false, new System.Text.UTF8Encoding(false));
            WriteHtml(file, report, files);
        }

        foreach (var claims in claimFiles)
        {
            claims.ThrowIfNotAllRead();
        }

        files.ThrowIfNotAllRead();
        return Ok;
    }

    /// <summary>What a run compared: the claims, their totals and the denial history.</summary>
    internal sealed class Report
    {
        public List<RemittanceClaimComparison> Claims { get; } = [];

        public RemittanceTotals Totals { get; } = new();

        public DenialHistory History { get; } = new();

        public List<X12Error> Imbalances { get; } = [];

        public int Remittances { get; private set; }

        public void Add(Remittance remittance, IEnumerable<RemittanceClaimComparison> claims)
        {
            Remittances++;
            History.Add(remittance);
            Imbalances.AddRange(remittance.Imbalances);
            foreach (var claim in claims)
            {
                Claims.Add(claim);
                Totals.Add(claim);
            }
        }
    }
}
