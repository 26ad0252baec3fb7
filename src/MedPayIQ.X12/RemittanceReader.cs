using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>
/// Reads the remittance advice of 835 files (005010X221A1), streaming like <see cref="ProfessionalClaimReader"/>:
/// segments one at a time from a fixed buffer, delimiters from each ISA, envelopes (ISA/IEA, GS/GE, ST/SE) checked, and
/// a transaction set returned once its SE has checked, so memory holds one transaction. A transaction with an error
/// is skipped whole and the others are read (<see cref="Transactions"/>). The balancing rules are checked and each
/// imbalance is listed in <see cref="Remittance.Imbalances"/>: the remittance is read all the same.
/// </summary>
/// <example>
/// <code>
/// using var text = File.OpenText("payer.835");
/// var reader = new RemittanceReader(text, "payer.835");
/// foreach (var remittance in reader.ReadRemittances())
///     foreach (var claim in remittance.Claims) Console.WriteLine($"{claim.ClaimId}: paid {claim.Payment}");
/// </code>
/// </example>
public sealed partial class RemittanceReader : IX12TransactionBody
{
    private static readonly X12Guide Guide = new(
        "835", "a health care claim payment/advice", "HP", "a group of health care claim payments (835)", "005010X221A1", "the 835 implementation guide", "claim (CLP) or provider adjustment (PLB)");

    private readonly EnvelopeReader _envelopes;
    private readonly string _source;
    private readonly List<Remittance> _ready = [];
    private bool _started;

    /// <summary>Creates a reader of a text of 835 interchanges.</summary>
    /// <param name="input">The text; read forward once.</param>
    /// <param name="source">The file name, for messages and evidence.</param>
    public RemittanceReader(TextReader input, string source)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        _envelopes = new EnvelopeReader(input, source, Guide, this);
        _source = source;
    }

    /// <summary>Each transaction set met so far, in file order: read, or not and why (<see cref="X12TransactionResult.Claims"/> counts its CLPs).</summary>
    public IReadOnlyList<X12TransactionResult> Transactions => _envelopes.Transactions;

    /// <summary>Every error met so far: those of the transactions not read, and those of their envelopes (imbalances are in each <see cref="Remittance"/>).</summary>
    public IReadOnlyList<X12Error> Errors => _envelopes.Errors;

    /// <summary>The transaction sets that read without error, in file order, each as its SE is read. One enumeration per reader.</summary>
    /// <exception cref="X12FormatException">The text is not an X12 interchange (no ISA, or delimiters that cannot be read from it).</exception>
    public IEnumerable<Remittance> ReadRemittances()
    {
        if (_started)
        {
            throw new InvalidOperationException("A reader is enumerated once.");
        }

        _started = true;
        return Read();
    }

    private IEnumerable<Remittance> Read()
    {
        bool more;
        do
        {
            more = _envelopes.Step();
            foreach (var remittance in _ready)
            {
                yield return remittance;
            }

            _ready.Clear();
        }
        while (more);
    }

    // ---- transaction state

    private enum Party
    {
        None,
        Payer,
        Payee,
        Other,
    }

    private sealed class ClaimBuilder
    {
        public RemittanceClaim Claim = new();
        public (long File, int Transaction) At;
        public readonly List<CasAdjustment> Adjustments = [];
        public readonly List<RemittanceLine> Lines = [];
    }

    private sealed class LineBuilder
    {
        public RemittanceLine Line = new();
        public (long File, int Transaction) At;
        public readonly List<CasAdjustment> Adjustments = [];
        public readonly List<string> Remarks = [];
    }

    private Remittance? _header;
    private Party _party;
    private X12Party _payer = new(), _payee = new();
    private ClaimBuilder? _claim;
    private LineBuilder? _line;
    private readonly List<RemittanceClaim> _claims = [];
    private readonly List<ProviderAdjustment> _plb = [];
    private readonly List<X12Error> _imbalances = [];

    void IX12TransactionBody.Begin()
    {
        _header = null;
        _party = Party.None;
        _payer = new();
        _payee = new();
        _claim = null;
        _line = null;
        _plb.Clear();
        _imbalances.Clear();
    }

    int IX12TransactionBody.Pending => _claims.Count;

    bool IX12TransactionBody.IsEmpty => _claims.Count == 0 && _plb.Count == 0;

    void IX12TransactionBody.Clear() => _claims.Clear();

    void IX12TransactionBody.Release()
    {
        decimal paid = 0m, plb = 0m;
        foreach (var c in _claims)
        {
            paid += c.Payment;
        }

        foreach (var p in _plb)
        {
            plb += p.Amount;
        }

        var header = _header!;
        if (paid - plb != header.TotalPayment)
        {
            _imbalances.Add(_envelopes.ErrorAt(_bprAt, "BPR", "BPR02", Amount(header.TotalPayment),
                Invariant($"{paid - plb}, the claims' payments (CLP04, {paid}) less the provider adjustments (PLB, {plb})")));
        }

        _ready.Add(header with
        {
            Payer = _payer,
            Payee = _payee,
            Claims = [.. _claims],
            ProviderAdjustments = [.. _plb],
            Imbalances = [.. _imbalances],
        });
    }

    void IX12TransactionBody.End(ReadOnlySpan<char> text)
    {
        FinishClaim();
        if (_header is null && !_envelopes.Failed)
        {
            Fail("SE", "", text, "BPR, the financial information, after ST");
        }
    }

    private (long File, int Transaction) _bprAt;

    void IX12TransactionBody.Segment(in Segment s)
    {
        if (_header is null && !s.Is("BPR"))
        {
            Fail(s.Id.ToString(), "", s.Text, "BPR, the financial information, after ST");
            return;
        }

        switch (s.Id)
        {
            case "BPR":
                Bpr(s);
                break;
            case "TRN":
                _header = _header! with { TraceNumber = s[2].ToString(), PayerIdentifier = s[3].ToString() };
                break;
            case "DTM":
                Dtm(s);
                break;
            case "N1":
                N1(s);
                break;
            case "N3":
                string address = s[1].ToString();
                SetParty(p => p with { Address = address });
                break;
            case "N4":
                string city = s[1].ToString(), state = s[2].ToString(), zip = s[3].ToString();
                SetParty(p => p with { City = city, State = state, Zip = zip });
                break;
            case "REF":
                Ref(s);
                break;
            case "CLP":
                Clp(s);
                break;
            case "NM1":
                if (_claim is not null && _line is null && s[1].SequenceEqual("QC"))
                {
                    _claim.Claim = _claim.Claim with { Patient = new X12Party { Name = s[3].ToString(), FirstName = s[4].ToString(), IdQualifier = s[8].ToString(), Id = s[9].ToString() } };
                }

                break;
            case "CAS":
                Cas(s);
                break;
            case "SVC":
                Svc(s);
                break;
            case "AMT":
                if (_line is not null && s[1].SequenceEqual("B6"))
                {
                    if (!Amount(s[2], out decimal allowed))
                    {
                        Fail("AMT", "AMT02", s[2], "the allowed amount, a dollar amount such as 125.5");
                        return;
                    }

                    _line.Line = _line.Line with { Allowed = allowed };
                }

                break;
            case "LQ":
                if (_line is not null && s[1].SequenceEqual("HE") && !s[2].IsEmpty)
                {
                    _line.Remarks.Add(s[2].ToString());
                }

                break;
            case "PLB":
                Plb(s);
                break;
        }
    }

    private void Bpr(in Segment s)
    {
        if (_header is not null)
        {
            Fail("BPR", "", s.Text, "one BPR per transaction set, after ST");
            return;
        }

        if (!Amount(s[2], out decimal total))
        {
            Fail("BPR", "BPR02", s[2], "the total payment, a dollar amount such as 125.5");
            return;
        }

        DateOnly? date = null;
        if (!s[16].IsEmpty)
        {
            if (!Date(s[16], out var d))
            {
                Fail("BPR", "BPR16", s[16], "the payment date written CCYYMMDD");
                return;
            }

            date = d;
        }

        _bprAt = _envelopes.Position;
        _header = new Remittance
        {
            Source = _source,
            Envelope = _envelopes.Envelope,
            Handling = s[1].ToString(),
            TotalPayment = total,
            PaymentMethod = s[4].ToString(),
            PaymentDate = date,
        };
    }

    private void N1(in Segment s)
    {
        var id = s[1];
        if (_claim is not null || !(id.SequenceEqual("PR") || id.SequenceEqual("PE")))
        {
            _party = Party.Other;
            return;
        }

        var party = new X12Party { Name = s[2].ToString(), IdQualifier = s[3].ToString(), Id = s[4].ToString() };
        if (id[1] == 'R')
        {
            _party = Party.Payer;
            _payer = party;
        }
        else
        {
            _party = Party.Payee;
            _payee = party;
        }
    }

    private void SetParty(Func<X12Party, X12Party> change)
    {
        if (_claim is not null)
        {
            return;
        }

        if (_party == Party.Payer)
        {
            _payer = change(_payer);
        }
        else if (_party == Party.Payee)
        {
            _payee = change(_payee);
        }
    }

    private void Ref(in Segment s)
    {
        var qualifier = s[1];
        string value = s[2].ToString();
        if (_line is not null)
        {
            if (qualifier.SequenceEqual("6R"))
            {
                _line.Line = _line.Line with { ControlNumber = value };
            }
        }
        else if (_claim is null && _party == Party.Payee && qualifier.SequenceEqual("TJ"))
        {
            _payee = _payee with { TaxId = value };
        }
        else if (_claim is null && _party == Party.Payer && qualifier.SequenceEqual("2U") && _payer.Id.Length == 0)
        {
            _payer = _payer with { IdQualifier = "2U", Id = value };
        }
    }

    private void Fail(string id, string element, ReadOnlySpan<char> found, string expected) => _envelopes.Fail(id, element, found, expected);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Amount(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An X12 decimal (R): an optional minus sign, digits and a decimal point; a reversal's amounts are negative.</summary>
    private static bool Amount(ReadOnlySpan<char> text, out decimal amount)
        => decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amount)
            && !text.IsEmpty && Math.Abs(amount) <= 99_999_999.99m;

    private static bool Date(ReadOnlySpan<char> text, out DateOnly date)
        => DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && text.Length == 8;

    private static ImmutableArray<T> Of<T>(List<T> list) => list.Count == 0 ? [] : [.. list];
}
