using System.Globalization;

namespace MedPayIQ.X12;

/// <summary>What a transaction set of one implementation guide is: ST01, GS01, GS08/ST03, and what it holds.</summary>
/// <param name="TransactionSet">ST01: 837, 835.</param>
/// <param name="TransactionSetName">ST01 in words: "a health care claim".</param>
/// <param name="FunctionalGroup">GS01: HC, HP.</param>
/// <param name="FunctionalGroupName">GS01 in words: "a group of health care claims (837)".</param>
/// <param name="Version">GS08 and ST03: 005010X222A1.</param>
/// <param name="VersionName">The implementation guide in words.</param>
/// <param name="Content">What a transaction must hold at least one of: "claim (CLM)".</param>
internal sealed record X12Guide(
    string TransactionSet, string TransactionSetName, string FunctionalGroup, string FunctionalGroupName, string Version, string VersionName, string Content);

/// <summary>The body of a transaction set: what one implementation guide's reader does between ST and SE.</summary>
internal interface IX12TransactionBody
{
    /// <summary>A transaction starts (ST read): the loops are reset, nothing is pending.</summary>
    void Begin();

    /// <summary>A segment between ST and SE, while the transaction has no error.</summary>
    void Segment(in Segment segment);

    /// <summary>SE is read: the last loop ends (an error goes to <see cref="EnvelopeReader.Fail"/>).</summary>
    void End(ReadOnlySpan<char> text);

    /// <summary>The claims read from the open transaction.</summary>
    int Pending { get; }

    /// <summary>Whether the open transaction holds nothing it must hold (no claim; an 835 may hold provider adjustments alone).</summary>
    bool IsEmpty { get; }

    /// <summary>The transaction's SE checked: its items are returned.</summary>
    void Release();

    /// <summary>The transaction is closed (read or not): nothing is pending.</summary>
    void Clear();
}

/// <summary>
/// The envelopes of a stream of X12 interchanges (ISA/IEA, GS/GE, ST/SE), read through a <see cref="SegmentReader"/>:
/// control numbers and counts checked, each transaction's first error kept, a transaction with an error not read and
/// the others read. The segments between ST and SE go to an <see cref="IX12TransactionBody"/>.
/// </summary>
internal sealed class EnvelopeReader
{
    private readonly SegmentReader _segments;
    private readonly string _source;
    private readonly X12Guide _guide;
    private readonly IX12TransactionBody _body;
    private readonly List<X12TransactionResult> _transactions = [];
    private readonly List<X12Error> _errors = [];

    private string _isa13 = "", _gs06 = "", _st02 = "";
    private bool _inInterchange, _inGroup, _inTransaction;
    private int _groups, _sets, _segmentInTransaction;
    private X12Error? _groupError, _transactionError;

    public EnvelopeReader(TextReader input, string source, X12Guide guide, IX12TransactionBody body)
    {
        _segments = new SegmentReader(input);
        _source = source;
        _guide = guide;
        _body = body;
    }

    public IReadOnlyList<X12TransactionResult> Transactions => _transactions;

    public IReadOnlyList<X12Error> Errors => _errors;

    /// <summary>Each segment read whole, before it is interpreted (the repriced 837P copies them).</summary>
    public SegmentSink? Sink { get; set; }

    /// <summary>The delimiters of the current interchange.</summary>
    public Delimiters Delimiters => _segments.Delimiters;

    /// <summary>The control numbers of the current transaction.</summary>
    public X12ControlNumbers Envelope => new(_isa13, _gs06, _st02);

    /// <summary>Whether the open transaction has an error (its segments are no longer interpreted).</summary>
    public bool Failed => _transactionError is not null;

    /// <summary>Reads one segment; false at the end of the input.</summary>
    /// <exception cref="X12FormatException">The text is not an X12 interchange.</exception>
    public bool Step()
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
                Se(s);
                return true;
        }

        if (!_inTransaction)
        {
            _errors.Add(Error(s.Id.ToString(), "", s.Text, "a segment inside a transaction set (ST ... SE), or ISA, GS, GE, IEA"));
            return true;
        }

        if (_transactionError is null)
        {
            _body.Segment(s);
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
        _groupError = !s[1].SequenceEqual(_guide.FunctionalGroup) ? Error("GS", "GS01", s[1], $"{_guide.FunctionalGroup}, {_guide.FunctionalGroupName}")
            : !s[8].SequenceEqual(_guide.Version) ? Error("GS", "GS08", s[8], $"{_guide.Version}, {_guide.VersionName}")
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
        _body.Clear();
        _body.Begin();
        _transactionError = !_inGroup ? Error("ST", "", s.Text, "GS before ST")
            : _groupError is not null ? _groupError with { Transaction = _st02, TransactionSegment = 1 }
            : !s[1].SequenceEqual(_guide.TransactionSet) ? Error("ST", "ST01", s[1], $"{_guide.TransactionSet}, {_guide.TransactionSetName}")
            : s[3].Length > 0 && !s[3].SequenceEqual(_guide.Version) ? Error("ST", "ST03", s[3], $"{_guide.Version}, {_guide.VersionName}")
            : _st02.Length is < 4 or > 9 ? Error("ST", "ST02", s[2], "a transaction set control number of 4 to 9 characters")
            : null;
    }

    private void Se(in Segment s)
    {
        if (!_inTransaction)
        {
            _errors.Add(Error("SE", "", s.Text, "ST before SE"));
            return;
        }

        if (_transactionError is null)
        {
            _body.End(s.Text);
        }

        if (_transactionError is null && (!Number(s[1], out int count) || count != _segmentInTransaction))
        {
            Fail("SE", "SE01", s[1], $"{_segmentInTransaction}, the number of segments from ST to SE");
        }

        if (_transactionError is null && !s[2].SequenceEqual(_st02))
        {
            Fail("SE", "SE02", s[2], $"{_st02}, the transaction set control number of ST02");
        }

        if (_transactionError is null && _body.IsEmpty)
        {
            Fail("SE", "", s.Text, $"at least one {_guide.Content} in the transaction set");
        }

        if (_transactionError is null)
        {
            _body.Release();
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

        _transactions.Add(new X12TransactionResult(new X12ControlNumbers(_isa13, _gs06, _st02), _transactionError is null ? _body.Pending : 0, _transactionError));
        _body.Clear();
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
            CloseOnBadInterchange(Error("IEA", "", "(end of file)", $"IEA closing interchange {_isa13} (the file ends early: truncated?)"));
        }
    }

    /// <summary>An error of the current transaction (its first is kept and it is not read), or of the envelope outside one.</summary>
    public void Fail(string id, string element, ReadOnlySpan<char> found, string expected)
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

    /// <summary>Where the reader is: the segment's number in the file and in its transaction (0 outside one).</summary>
    public (long File, int Transaction) Position => (_segments.Number, _inTransaction ? _segmentInTransaction : 0);

    /// <summary>An error at a segment read before, which does not unread the transaction (an 835 that does not balance).</summary>
    public X12Error ErrorAt((long File, int Transaction) at, string id, string element, ReadOnlySpan<char> found, string expected)
        => Error(id, element, found, expected) with { FileSegment = at.File, TransactionSegment = at.Transaction };

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

    public static bool Number(ReadOnlySpan<char> text, out int value)
        => int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

/// <summary>A segment as read, without its terminator, and the delimiters of its interchange.</summary>
internal delegate void SegmentSink(ReadOnlySpan<char> segment, Delimiters delimiters);
