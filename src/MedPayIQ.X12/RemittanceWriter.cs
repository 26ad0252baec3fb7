using System.Globalization;
using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>How an expected 835 is written: who sends it to whom, its delimiters, its control numbers and clock.</summary>
public sealed record RemittanceOptions
{
    /// <summary>The interchange sender id (ISA06, GS02), up to 15 characters.</summary>
    public string SenderId { get; init; } = "MEDPAYIQ";

    /// <summary>The interchange receiver id (ISA08, GS03), up to 15 characters.</summary>
    public string ReceiverId { get; init; } = "PROVIDER";

    /// <summary>The payer's name (1000A N102): it says the remittance is expected, not Medicare's own.</summary>
    public string PayerName { get; init; } = "EXPECTED MEDICARE PART B REMITTANCE (MEDPAYIQ)";

    /// <summary>The payer identifier in TRN03 (1 and nine characters).</summary>
    public string PayerIdentifier { get; init; } = "1MEDPAYIQ0";

    /// <summary>The interchange control number (ISA13, IEA02), 1 to 999999999.</summary>
    public int InterchangeControlNumber { get; init; } = 1;

    /// <summary>ISA15: T (test, the default: an expected remittance is no payment) or P.</summary>
    public char Usage { get; init; } = 'T';

    /// <summary>The element separator (default <c>*</c>).</summary>
    public char ElementSeparator { get; init; } = '*';

    /// <summary>The component separator (default <c>:</c>).</summary>
    public char ComponentSeparator { get; init; } = ':';

    /// <summary>The repetition separator (default <c>^</c>).</summary>
    public char RepetitionSeparator { get; init; } = '^';

    /// <summary>The segment terminator (default <c>~</c>).</summary>
    public char SegmentTerminator { get; init; } = '~';

    /// <summary>Whether a line break follows each segment terminator (default true).</summary>
    public bool LineBreaks { get; init; } = true;

    /// <summary>The clock of the dates and times written (ISA09, GS04, BPR16, DTM*405).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Writes expected remittance advice as X12 835 (005010X221A1): one interchange and functional group, and a
/// transaction set per payee and run of claims (<see cref="BeginTransaction"/>, <see cref="Add(ExpectedClaim)"/>,
/// <see cref="EndTransaction"/>, or <see cref="WriteTransaction"/> at once). Each claim is written into the
/// transaction's text as it is added (BPR, which carries the transaction's total, is written before its claims when
/// the transaction ends): memory holds one transaction's text, not its claims. Claims adjudicated on several threads
/// can be formatted there (<see cref="Format"/>) and added in order (<see cref="Add(FormattedRemittanceClaim)"/>). The remittance balances: each SVC's
/// charge less its CAS amounts is its payment, each CLP's charge less its lines' CAS amounts is its payment, and BPR02
/// is the sum of the CLP payments. TRN02 starts with EXPECTED and BPR01 is H (notification only) with BPR04 NON: it
/// is the payment Medicare's rules and the edits say, not a payment made.
/// </summary>
public sealed class RemittanceWriter
{
    private readonly TextWriter _output;
    private readonly RemittanceOptions _options;
    private readonly RemittanceSegments _header, _body;
    private readonly RemittanceClaimFormat _claims;
    private readonly DateTimeOffset _now;
    private int _sets, _claimCount;
    private decimal _total;
    private X12Party? _payee;
    private bool _started, _completed;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where the interchange is written.</param>
    /// <param name="options">Ids, delimiters, control number, clock.</param>
    public RemittanceWriter(TextWriter output, RemittanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _options = options ?? new RemittanceOptions();
        if (_options.InterchangeControlNumber is < 1 or > 999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.InterchangeControlNumber, "An interchange control number is 1 to 999999999.");
        }

        _header = new RemittanceSegments(_options);
        _body = new RemittanceSegments(_options);
        _claims = new RemittanceClaimFormat(_body);
        _now = _options.Time.GetUtcNow();
    }

    /// <summary>The transaction sets written.</summary>
    public int Transactions => _sets;

    /// <summary>The sum of the payments written (the BPR02 of every transaction).</summary>
    public decimal TotalPayment { get; private set; }

    /// <summary>
    /// Formats a claim's segments ahead of its transaction, on any thread (thread-safe): for a run that adjudicates
    /// claims on several threads and adds them, in order, to one writer with <see cref="Add(FormattedRemittanceClaim)"/>.
    /// </summary>
    /// <param name="claim">The adjudicated claim.</param>
    /// <param name="options">The delimiters to write with: the options of the writer it will be added to.</param>
    /// <returns>The claim's text, segment count and payment.</returns>
    public static FormattedRemittanceClaim Format(ExpectedClaim claim, RemittanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return RemittanceClaimFormat.Format(claim, options ?? DefaultOptions);
    }

    private static readonly RemittanceOptions DefaultOptions = new();

    /// <summary>Writes one transaction set: the payee (N1*PE) and its claims.</summary>
    /// <param name="payee">The payee: the billing provider (name, NPI, address, tax id).</param>
    /// <param name="claims">The claims of the payee.</param>
    public void WriteTransaction(X12Party payee, IEnumerable<ExpectedClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        BeginTransaction(payee);
        foreach (var claim in claims)
        {
            Add(claim);
        }

        EndTransaction();
    }

    /// <summary>Starts a transaction set for a payee.</summary>
    /// <param name="payee">The payee: the billing provider (name, NPI, address, tax id).</param>
    /// <exception cref="InvalidOperationException">A transaction is open, or the interchange is complete.</exception>
    public void BeginTransaction(X12Party payee)
    {
        ArgumentNullException.ThrowIfNull(payee);
        if (_completed || _payee is not null)
        {
            throw new InvalidOperationException(_completed ? "The interchange is complete." : "A transaction set is open: end it first.");
        }

        StartInterchange();
        _payee = payee;
        _body.Clear();
        _claimCount = 0;
        _total = 0m;
    }

    /// <summary>Writes a claim into the open transaction: CLP, the patient's NM1, and each line's SVC, DTM, CAS, REF*6R, AMT*B6 and LQ.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void Add(ExpectedClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        StartClaim();
        _total += claim.Payment;
        _claims.Write(claim);
    }

    /// <summary>Writes a claim formatted ahead (<see cref="Format"/>) into the open transaction.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    /// <exception cref="ArgumentException">The claim was formatted with other delimiters than this writer's.</exception>
    public void Add(FormattedRemittanceClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Delimiters != _claims.Delimiters)
        {
            throw new ArgumentException($"Claim {claim.ClaimId} was formatted with other delimiters than this writer's: format it with the writer's options.", nameof(claim));
        }

        StartClaim();
        _total += claim.Payment;
        _body.Append(claim.Text, claim.SegmentCount);
    }

    /// <summary>The transaction's LX before its first claim.</summary>
    private void StartClaim()
    {
        if (_payee is null)
        {
            throw new InvalidOperationException("No transaction set is open: begin one first.");
        }

        if (_claimCount++ == 0)
        {
            _body.Segment("LX", "1");
        }
    }

    /// <summary>Ends the open transaction: writes its header (ST, BPR with the total, TRN, DTM, N1 payer and payee), its claims and SE.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void EndTransaction()
    {
        var payee = _payee ?? throw new InvalidOperationException("No transaction set is open: begin one first.");
        _sets++;
        string control = _sets.ToString("D4", CultureInfo.InvariantCulture);
        _header.Clear();
        string date = Date(_now);
        _header.Segment("ST", "835", control);
        _header.Segment("BPR", "H", Amount(_total), "C", "NON", "", "", "", "", "", "", "", "", "", "", "", date);
        _header.Segment("TRN", "1", $"EXPECTED-{_options.InterchangeControlNumber}-{control}", _options.PayerIdentifier);
        _header.Segment("DTM", "405", date);
        _header.Segment("N1", "PR", _options.PayerName);
        if (payee.Id.Length > 0)
        {
            _header.Segment("N1", "PE", payee.Name.Length > 0 ? payee.Name : "PAYEE", payee.IdQualifier.Length > 0 ? payee.IdQualifier : "XX", payee.Id);
        }
        else
        {
            _header.Segment("N1", "PE", payee.Name.Length > 0 ? payee.Name : "PAYEE");
        }

        if (payee.Address.Length > 0)
        {
            _header.Segment("N3", payee.Address);
        }

        if (payee.City.Length > 0)
        {
            _header.Segment("N4", payee.City, payee.State, payee.Zip);
        }

        if (payee.TaxId.Length > 0)
        {
            _header.Segment("REF", "TJ", payee.TaxId);
        }

        int segments = _header.Count + _body.Count + 1;
        _output.Write(_header.Text);
        _output.Write(_body.Text);
        _header.Clear();
        _header.Segment("SE", segments.ToString(CultureInfo.InvariantCulture), control);
        _output.Write(_header.Text);
        _body.Clear();
        TotalPayment += _total;
        _payee = null;
    }

    /// <summary>Ends the interchange: GE and IEA (an interchange with no transaction gets its headers too).</summary>
    /// <exception cref="InvalidOperationException">A transaction is open.</exception>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        if (_payee is not null)
        {
            throw new InvalidOperationException("A transaction set is open: end it first.");
        }

        StartInterchange();
        _header.Clear();
        _header.Segment("GE", _sets.ToString(CultureInfo.InvariantCulture), "1");
        _header.Segment("IEA", "1", _options.InterchangeControlNumber.ToString("D9", CultureInfo.InvariantCulture));
        _output.Write(_header.Text);
        _output.Flush();
        _completed = true;
    }

    private void StartInterchange()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        char e = _options.ElementSeparator;
        var isa = new StringBuilder();
        isa.Append("ISA").Append(e).Append("00").Append(e).Append(' ', 10).Append(e).Append("00").Append(e).Append(' ', 10).Append(e)
            .Append("ZZ").Append(e).Append(Fixed(_options.SenderId, 15)).Append(e).Append("ZZ").Append(e).Append(Fixed(_options.ReceiverId, 15)).Append(e)
            .Append(_now.ToString("yyMMdd", CultureInfo.InvariantCulture)).Append(e).Append(_now.ToString("HHmm", CultureInfo.InvariantCulture)).Append(e)
            .Append(_options.RepetitionSeparator).Append(e).Append("00501").Append(e)
            .Append(_options.InterchangeControlNumber.ToString("D9", CultureInfo.InvariantCulture)).Append(e).Append('0').Append(e).Append(_options.Usage).Append(e)
            .Append(_options.ComponentSeparator).Append(_options.SegmentTerminator);
        if (_options.LineBreaks)
        {
            isa.Append('\n');
        }

        _output.Write(isa);
        _header.Clear();
        _header.Segment("GS", "HP", _options.SenderId.Trim(), _options.ReceiverId.Trim(), Date(_now), _now.ToString("HHmm", CultureInfo.InvariantCulture), "1", "X", "005010X221A1");
        _output.Write(_header.Text);
    }

    /// <summary>An X12 decimal (R): no trailing zeros, a minus sign when negative: 125.5, 0, -3.25.</summary>
    internal static string Amount(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset time) => time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Fixed(string value, int width) => value.Length >= width ? value[..width] : value.PadRight(width);
}
