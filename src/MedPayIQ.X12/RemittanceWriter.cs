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
/// transaction set per payee and run of claims (<see cref="BeginTransaction"/>, <see cref="Add"/>,
/// <see cref="EndTransaction"/>, or <see cref="WriteTransaction"/> at once). Each claim is written into the
/// transaction's text as it is added (BPR, which carries the transaction's total, is written before its claims when
/// the transaction ends): memory holds one transaction's text, not its claims. The remittance balances: each SVC's
/// charge less its CAS amounts is its payment, each CLP's charge less its lines' CAS amounts is its payment, and BPR02
/// is the sum of the CLP payments. TRN02 starts with EXPECTED and BPR01 is H (notification only) with BPR04 NON: it
/// is the payment Medicare's rules and the edits say, not a payment made.
/// </summary>
public sealed class RemittanceWriter
{
    private readonly TextWriter _output;
    private readonly RemittanceOptions _options;
    private readonly StringBuilder _header = new(), _body = new();
    private readonly DateTimeOffset _now;
    private readonly List<string> _groups = new(3), _remarks = new(2);
    private int _headerSegments, _bodySegments, _sets, _claims, _pendingEmpty;
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

        _now = _options.Time.GetUtcNow();
    }

    /// <summary>The transaction sets written.</summary>
    public int Transactions => _sets;

    /// <summary>The sum of the payments written (the BPR02 of every transaction).</summary>
    public decimal TotalPayment { get; private set; }

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
        _bodySegments = 0;
        _claims = 0;
        _total = 0m;
    }

    /// <summary>Writes a claim into the open transaction: CLP, the patient's NM1, and each line's SVC, DTM, CAS, REF*6R, AMT*B6 and LQ.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void Add(ExpectedClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (_payee is null)
        {
            throw new InvalidOperationException("No transaction set is open: begin one first.");
        }

        if (_claims++ == 0)
        {
            Start(_body, "LX");
            Element(_body, "1");
            End(_body, ref _bodySegments);
        }

        _total += claim.Payment;
        WriteClaim(claim);
    }

    /// <summary>Ends the open transaction: writes its header (ST, BPR with the total, TRN, DTM, N1 payer and payee), its claims and SE.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void EndTransaction()
    {
        var payee = _payee ?? throw new InvalidOperationException("No transaction set is open: begin one first.");
        _sets++;
        string control = _sets.ToString("D4", CultureInfo.InvariantCulture);
        _header.Clear();
        _headerSegments = 0;
        string date = Date(_now);
        Header("ST", "835", control);
        Header("BPR", "H", Amount(_total), "C", "NON", "", "", "", "", "", "", "", "", "", "", "", date);
        Header("TRN", "1", $"EXPECTED-{_options.InterchangeControlNumber}-{control}", _options.PayerIdentifier);
        Header("DTM", "405", date);
        Header("N1", "PR", _options.PayerName);
        if (payee.Id.Length > 0)
        {
            Header("N1", "PE", payee.Name.Length > 0 ? payee.Name : "PAYEE", payee.IdQualifier.Length > 0 ? payee.IdQualifier : "XX", payee.Id);
        }
        else
        {
            Header("N1", "PE", payee.Name.Length > 0 ? payee.Name : "PAYEE");
        }

        if (payee.Address.Length > 0)
        {
            Header("N3", payee.Address);
        }

        if (payee.City.Length > 0)
        {
            Header("N4", payee.City, payee.State, payee.Zip);
        }

        if (payee.TaxId.Length > 0)
        {
            Header("REF", "TJ", payee.TaxId);
        }

        _output.Write(_header);
        _output.Write(_body);
        _header.Clear();
        Header("SE", (_headerSegments + _bodySegments + 1).ToString(CultureInfo.InvariantCulture), control);
        _output.Write(_header);
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
        Header("GE", _sets.ToString(CultureInfo.InvariantCulture), "1");
        Header("IEA", "1", _options.InterchangeControlNumber.ToString("D9", CultureInfo.InvariantCulture));
        _output.Write(_header);
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
        Header("GS", "HP", _options.SenderId.Trim(), _options.ReceiverId.Trim(), Date(_now), _now.ToString("HHmm", CultureInfo.InvariantCulture), "1", "X", "005010X221A1");
        _output.Write(_header);
    }

    private void WriteClaim(ExpectedClaim claim)
    {
        var b = _body;
        var source = claim.Source;
        Start(b, "CLP");
        Element(b, claim.ClaimId);
        Element(b, claim.Status == ExpectedClaimStatus.Denied ? "4" : "1");
        Element(b, claim.Charge);
        Element(b, claim.Payment);
        Element(b, claim.PatientResponsibility);
        Element(b, "MB");
        Element(b, claim.ClaimId);
        if ((source?.PlaceOfService ?? claim.Claim.PlaceOfService) is { } pos)
        {
            Separators(b);
            b.Append(CultureInfo.InvariantCulture, $"{pos.Code:D2}");
        }
        else
        {
            Element(b, "");
        }

        Element(b, "");
        Element(b, source?.FrequencyCode ?? "1");
        End(b, ref _bodySegments);
        if (source?.Patient is { Name.Length: > 0 } patient)
        {
            string memberId = source.Subscriber.Id.Length > 0 ? source.Subscriber.Id : patient.Id;
            Start(b, "NM1");
            Element(b, "QC");
            Element(b, "1");
            Element(b, patient.Name);
            Element(b, patient.FirstName);
            Element(b, "");
            Element(b, "");
            Element(b, "");
            Element(b, memberId.Length > 0 ? "MI" : "");
            Element(b, memberId);
            End(b, ref _bodySegments);
        }

        foreach (var line in claim.Lines)
        {
            WriteLine(line, source is not null && line.LineNumber <= source.ServiceLines.Length ? source.ServiceLines[line.LineNumber - 1] : null);
        }
    }

    private void WriteLine(ExpectedLine line, ProfessionalServiceLine? service)
    {
        var b = _body;
        var l = line.Line;
        char c = _options.ComponentSeparator;
        Start(b, "SVC");
        b.Append(_options.ElementSeparator).Append("HC").Append(c).Append(CultureInfo.InvariantCulture, $"{l.Hcpcs}");
        foreach (var m in l.Modifiers)
        {
            b.Append(c).Append(CultureInfo.InvariantCulture, $"{m}");
        }

        Element(b, line.Charge);
        Element(b, line.Payment);
        Element(b, "");
        Element(b, service?.Quantity ?? (l.AnesthesiaMinutes > 0 ? l.AnesthesiaMinutes : l.Units));
        End(b, ref _bodySegments);
        var through = service?.ThroughDate ?? l.DateOfService;
        if (through == l.DateOfService)
        {
            Dtm("472", l.DateOfService);
        }
        else
        {
            Dtm("150", l.DateOfService);
            Dtm("151", through);
        }

        WriteCas(line);
        if (service is { ControlNumber.Length: > 0 })
        {
            Start(b, "REF");
            Element(b, "6R");
            Element(b, service.ControlNumber);
            End(b, ref _bodySegments);
        }

        Start(b, "AMT");
        Element(b, "B6");
        Element(b, line.Allowed);
        End(b, ref _bodySegments);
        _remarks.Clear();
        foreach (var a in line.Adjustments)
        {
            if (a.Remark is { } remark && !_remarks.Contains(remark))
            {
                _remarks.Add(remark);
                Start(b, "LQ");
                Element(b, "HE");
                Element(b, remark);
                End(b, ref _bodySegments);
            }
        }
    }

    private void Dtm(string qualifier, DateOnly date)
    {
        Start(_body, "DTM");
        Element(_body, qualifier);
        _body.Append(_options.ElementSeparator).Append((date.Year * 10_000) + (date.Month * 100) + date.Day);
        End(_body, ref _bodySegments);
    }

    /// <summary>One CAS per group, in the order each group first appears, up to six reason and amount pairs a segment.</summary>
    private void WriteCas(ExpectedLine line)
    {
        var b = _body;
        _groups.Clear();
        foreach (var a in line.Adjustments)
        {
            if (!_groups.Contains(a.Group))
            {
                _groups.Add(a.Group);
            }
        }

        foreach (string group in _groups)
        {
            int pairs = 0;
            foreach (var a in line.Adjustments)
            {
                if (a.Group != group)
                {
                    continue;
                }

                if (pairs == 6)
                {
                    End(b, ref _bodySegments);
                    pairs = 0;
                }

                if (pairs == 0)
                {
                    Start(b, "CAS");
                    Element(b, group);
                }
                else
                {
                    Element(b, ""); // the quantity of the pair before
                }

                Element(b, a.Reason);
                Element(b, a.Amount);
                pairs++;
            }

            End(b, ref _bodySegments);
        }
    }

    private void Header(string id, params ReadOnlySpan<string> elements)
    {
        Start(_header, id);
        foreach (string element in elements)
        {
            Element(_header, element);
        }

        End(_header, ref _headerSegments);
    }

    private void Start(StringBuilder to, string id)
    {
        to.Append(id);
        _pendingEmpty = 0;
    }

    /// <summary>An element; empty ones are written only when a later element is not (no trailing separators).</summary>
    private void Element(StringBuilder to, string value)
    {
        if (value.Length == 0)
        {
            _pendingEmpty++;
            return;
        }

        Separators(to);
        to.Append(value);
    }

    /// <summary>An amount as an X12 decimal (R): no trailing zeros, a minus sign when negative: 125.5, 0, -3.25.</summary>
    private void Element(StringBuilder to, decimal amount)
    {
        Separators(to);
        decimal cents = amount * 100m;
        if (cents != decimal.Truncate(cents) || Math.Abs(cents) >= long.MaxValue)
        {
            to.Append(CultureInfo.InvariantCulture, $"{amount:0.##}"); // more than two places: rounded as written
            return;
        }

        long whole = (long)cents;
        if (whole < 0)
        {
            to.Append('-');
            whole = -whole;
        }

        to.Append(whole / 100);
        long fraction = whole % 100;
        if (fraction != 0)
        {
            to.Append('.').Append((char)('0' + (fraction / 10)));
            if (fraction % 10 != 0)
            {
                to.Append((char)('0' + (fraction % 10)));
            }
        }
    }

    private void Element(StringBuilder to, int number)
    {
        Separators(to);
        to.Append(number);
    }

    private void Separators(StringBuilder to)
    {
        to.Append(_options.ElementSeparator, _pendingEmpty + 1);
        _pendingEmpty = 0;
    }

    private void End(StringBuilder to, ref int count)
    {
        to.Append(_options.SegmentTerminator);
        if (_options.LineBreaks)
        {
            to.Append('\n');
        }

        _pendingEmpty = 0;
        count++;
    }

    /// <summary>An X12 decimal (R): no trailing zeros, a minus sign when negative: 125.5, 0, -3.25.</summary>
    internal static string Amount(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset time) => time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Fixed(string value, int width) => value.Length >= width ? value[..width] : value.PadRight(width);
}
