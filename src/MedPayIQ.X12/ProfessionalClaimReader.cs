using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>
/// Reads the professional claims of 837P files (005010X222A1), streaming: segments are read one at a time from a
/// fixed buffer, and a transaction set's claims are returned once its SE has checked, so memory holds one transaction
/// whatever the file's size. Delimiters come from each ISA. Envelopes (ISA/IEA, GS/GE, ST/SE) are checked: control
/// numbers and counts. A transaction with an error is skipped whole and the others are read:
/// <see cref="Transactions"/> says which were read and which were not, with the first error of each.
/// </summary>
/// <example>
/// <code>
/// using var text = File.OpenText("claims.837");
/// var reader = new ProfessionalClaimReader(text, "claims.837");
/// foreach (var claim in reader.ReadClaims()) Console.WriteLine($"{claim.ClaimId}: {claim.ServiceLines.Length} lines");
/// foreach (var t in reader.Transactions.Where(t => !t.Read)) Console.WriteLine(t.Error);
/// </code>
/// </example>
public sealed partial class ProfessionalClaimReader
{
    private readonly SegmentReader _segments;
    private readonly string _source;
    private readonly X12ReadOptions _options;
    private readonly List<X12TransactionResult> _transactions = [];
    private readonly List<X12Error> _errors = [];
    private bool _started;

    /// <summary>Creates a reader of a text of 837P interchanges.</summary>
    /// <param name="input">The text; read forward once.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <param name="options">Anesthesia base units, sequestration, deductible (default: sequestration applied, deductible met).</param>
    public ProfessionalClaimReader(TextReader input, string source, X12ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        _segments = new SegmentReader(input);
        _source = source;
        _options = options ?? new X12ReadOptions();
    }

    /// <summary>Each transaction set met so far, in file order: read, or not and why.</summary>
    public IReadOnlyList<X12TransactionResult> Transactions => _transactions;

    /// <summary>
    /// Every error met so far: those of the transactions not read, and those of the envelopes around them (GE and IEA
    /// counts and control numbers, a file that ends before IEA), which do not unread the transactions.
    /// </summary>
    public IReadOnlyList<X12Error> Errors => _errors;

    /// <summary>Each segment read whole, before it is interpreted (the repriced 837P copies them).</summary>
    internal SegmentSink? Sink { get; set; }

    /// <summary>Whether a text starts as an X12 interchange: "ISA" after any byte order mark and white space.</summary>
    public static bool IsInterchange(ReadOnlySpan<char> start)
    {
        var s = start.TrimStart('\uFEFF').TrimStart();
        return s.Length >= 4 && s.StartsWith("ISA", StringComparison.Ordinal) && !char.IsAsciiLetterOrDigit(s[3]);
    }

    /// <summary>
    /// The claims of the transactions that read without error, in file order, as each transaction's SE is read. One
    /// enumeration per reader.
    /// </summary>
    /// <exception cref="X12FormatException">The text is not an X12 interchange (no ISA, or delimiters that cannot be read from it).</exception>
    public IEnumerable<ProfessionalClaim> ReadClaims()
    {
        if (_started)
        {
            throw new InvalidOperationException("A reader is enumerated once.");
        }

        _started = true;
        return Read();
    }

    private IEnumerable<ProfessionalClaim> Read()
    {
        var ready = new List<ProfessionalClaim>();
        while (Step(ready))
        {
            if (ready.Count > 0)
            {
                foreach (var claim in ready)
                {
                    yield return claim;
                }

                ready.Clear();
            }
        }

        foreach (var claim in ready)
        {
            yield return claim;
        }
    }

    // ---- envelope state

    private string _isa13 = "", _gs06 = "", _st02 = "";
    private bool _inInterchange, _inGroup, _inTransaction;
    private int _groups, _sets, _segmentInTransaction;
    private X12Error? _groupError, _transactionError;
    private readonly List<ProfessionalClaim> _pending = [];

    /// <summary>Reads one segment; false at the end of the input.</summary>
    private bool Step(List<ProfessionalClaim> ready)
    {
        var status = _segments.Next(out var text, out string? problem);
        if (status == ReadStatus.End)
        {
            End();
            return false;
        }

        if (_inTransaction)
        {
            _segmentInTransaction++;
        }

        if (status == ReadStatus.Bad)
        {
            if (!_segments.HasDelimiters)
            {
                var error = Error(_segments.Number == 1 || !_inInterchange ? "ISA" : Shorten(text, 3), "", text, problem!);
                if (_segments.Number == 1)
                {
                    throw new X12FormatException(error);
                }

                CloseOnBadInterchange(error);
                return false;
            }

            Fail(Shorten(IdOf(text), 3), "", text, problem!);
            return true;
        }

        Sink?.Invoke(text, _segments.Delimiters);
        var s = new Segment(text, _segments.Delimiters.Element);
        switch (s.Id)
        {
            case "ISA":
                Isa(s);
                return true;
            case "IEA":
                Iea(s);
                return true;
            case "GS":
                Gs(s);
                return true;
            case "GE":
                Ge(s);
                return true;
            case "ST":
                St(s);
                return true;
            case "SE":
                Se(s, ready);
                return true;
        }

        if (!_inTransaction)
        {
            _errors.Add(Error(s.Id.ToString(), "", s.Text, "a segment inside a transaction set (ST ... SE), or ISA, GS, GE, IEA"));
            return true;
        }

        if (_transactionError is null)
        {
            Body(s);
        }

        return true;
    }

    private void Isa(in Segment s)
    {
        if (_inInterchange)
        {
            CloseOnBadInterchange(Error("ISA", "", s.Text, $"IEA closing interchange {_isa13} before the next ISA"));
        }

        _isa13 = s[13].Trim().ToString();
        _inInterchange = true;
        _groups = 0;
        if (!s[12].SequenceEqual("00501"))
        {
            _errors.Add(Error("ISA", "ISA12", s[12], "00501, the version of 005010 interchanges"));
        }
    }

    private void Iea(in Segment s)
    {
        if (_inGroup)
        {
            CloseGroup(Error("IEA", "", s.Text, $"GE closing group {_gs06} before IEA"));
        }

        if (!_inInterchange)
        {
            _errors.Add(Error("IEA", "", s.Text, "ISA before IEA"));
            return;
        }

        if (!Number(s[1], out int count) || count != _groups)
        {
            _errors.Add(Error("IEA", "IEA01", s[1], $"{_groups}, the number of functional groups (GS) in the interchange"));
        }

        if (!s[2].Trim().SequenceEqual(_isa13))
        {
            _errors.Add(Error("IEA", "IEA02", s[2], $"{_isa13}, the interchange control number of ISA13"));
        }

        _inInterchange = false;
    }

    private void Gs(in Segment s)
    {
        if (_inGroup)
        {
            CloseGroup(Error("GS", "", s.Text, $"GE closing group {_gs06} before the next GS"));
        }

        _inGroup = true;
        _groups++;
        _sets = 0;
        _gs06 = s[6].ToString();
        _groupError = !s[1].SequenceEqual("HC") ? Error("GS", "GS01", s[1], "HC, a group of health care claims (837)")
            : !s[8].SequenceEqual("005010X222A1") ? Error("GS", "GS08", s[8], "005010X222A1, the 837 professional implementation guide")
            : null;
    }

    private void Ge(in Segment s)
    {
        if (_inTransaction)
        {
            CloseTransaction(Error("GE", "", s.Text, $"SE closing transaction {_st02} before GE"));
        }

        if (!_inGroup)
        {
            _errors.Add(Error("GE", "", s.Text, "GS before GE"));
            return;
        }

        if (!Number(s[1], out int count) || count != _sets)
        {
            _errors.Add(Error("GE", "GE01", s[1], $"{_sets}, the number of transaction sets (ST) in the group"));
        }

        if (!s[2].SequenceEqual(_gs06))
        {
            _errors.Add(Error("GE", "GE02", s[2], $"{_gs06}, the group control number of GS06"));
        }

        _inGroup = false;
    }

    private void St(in Segment s)
    {
        if (_inTransaction)
        {
            CloseTransaction(Error("ST", "", s.Text, $"SE closing transaction {_st02} before the next ST"));
        }

        _inTransaction = true;
        _segmentInTransaction = 1;
        _sets++;
        _st02 = s[2].ToString();
        _pending.Clear();
        ResetLoops();
        _transactionError = !_inGroup ? Error("ST", "", s.Text, "GS before ST")
            : _groupError is not null ? _groupError with { Transaction = _st02, TransactionSegment = 1 }
            : !s[1].SequenceEqual("837") ? Error("ST", "ST01", s[1], "837, a health care claim")
            : s[3].Length > 0 && !s[3].SequenceEqual("005010X222A1") ? Error("ST", "ST03", s[3], "005010X222A1, the 837 professional implementation guide")
            : _st02.Length is < 4 or > 9 ? Error("ST", "ST02", s[2], "a transaction set control number of 4 to 9 characters")
            : null;
    }

    private void Se(in Segment s, List<ProfessionalClaim> ready)
    {
        if (!_inTransaction)
        {
            _errors.Add(Error("SE", "", s.Text, "ST before SE"));
            return;
        }

        if (_transactionError is null)
        {
            FinishClaim("SE", s.Text);
        }

        if (_transactionError is null && (!Number(s[1], out int count) || count != _segmentInTransaction))
        {
            Fail("SE", "SE01", s[1], $"{_segmentInTransaction}, the number of segments from ST to SE");
        }

        if (_transactionError is null && !s[2].SequenceEqual(_st02))
        {
            Fail("SE", "SE02", s[2], $"{_st02}, the transaction set control number of ST02");
        }

        if (_transactionError is null && _pending.Count == 0)
        {
            Fail("SE", "", s.Text, "at least one claim (CLM) in the transaction set");
        }

        if (_transactionError is null)
        {
            ready.AddRange(_pending);
        }

        CloseTransaction(_transactionError);
    }

    private void CloseTransaction(X12Error? error)
    {
        if (error is not null)
        {
            _transactionError ??= error;
            _errors.Add(_transactionError);
        }

        _transactions.Add(new X12TransactionResult(new X12ControlNumbers(_isa13, _gs06, _st02), _transactionError is null ? _pending.Count : 0, _transactionError));
        _pending.Clear();
        _inTransaction = false;
        _transactionError = null;
        _segmentInTransaction = 0;
    }

    private void CloseGroup(X12Error error)
    {
        if (_inTransaction)
        {
            CloseTransaction(error);
        }
        else
        {
            _errors.Add(error);
        }

        _inGroup = false;
    }

    private void CloseOnBadInterchange(X12Error error)
    {
        if (_inGroup)
        {
            CloseGroup(error);
        }
        else
        {
            _errors.Add(error);
        }

        _inInterchange = false;
    }

    private void End()
    {
        if (_inInterchange)
        {
            var error = Error("IEA", "", "(end of file)", $"IEA closing interchange {_isa13} (the file ends early: truncated?)");
            _segmentInTransaction = Math.Max(_segmentInTransaction, 0);
            CloseOnBadInterchange(error);
        }
    }

    /// <summary>An error of the current transaction (its first is kept and it is not read), or of the envelope outside one.</summary>
    private void Fail(string id, string element, ReadOnlySpan<char> found, string expected)
    {
        var error = Error(id, element, found, expected);
        if (_inTransaction)
        {
            _transactionError ??= error;
        }
        else
        {
            _errors.Add(error);
        }
    }

    private X12Error Error(string id, string element, ReadOnlySpan<char> found, string expected) => new()
    {
        Source = _source,
        Interchange = _isa13,
        Transaction = _inTransaction ? _st02 : "",
        FileSegment = _segments.Number,
        TransactionSegment = _inTransaction ? _segmentInTransaction : 0,
        SegmentId = id,
        Element = element,
        Found = Shorten(found, 40),
        Expected = expected,
    };

    private static string Shorten(ReadOnlySpan<char> text, int most)
        => text.Length <= most ? text.ToString() : string.Concat(text[..most], "...");

    private ReadOnlySpan<char> IdOf(ReadOnlySpan<char> text)
    {
        int end = text.IndexOf(_segments.Delimiters.Element);
        return end < 0 ? text : text[..end];
    }

    private static bool Number(ReadOnlySpan<char> text, out int value)
        => int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

/// <summary>A segment as read, without its terminator, and the delimiters of its interchange.</summary>
internal delegate void SegmentSink(ReadOnlySpan<char> segment, Delimiters delimiters);
