namespace Exactly.Bot.Ethereum.Abi;

/// <summary>A named parameter of a function, error or event, as a JSON ABI lists it.</summary>
/// <param name="Name">The parameter name; empty when the ABI leaves it out.</param>
/// <param name="Type">The ABI type (tuples carry their components).</param>
/// <param name="Indexed">For event parameters: true when the value is a topic rather than part of the data.</param>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false)
{
    /// <summary>Parses <c>type [indexed] [name]</c>, e.g. <c>address indexed owner</c> or <c>uint256</c>.</summary>
    /// <exception cref="FormatException">The type is not a valid ABI type.</exception>
    public static AbiParameter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        // The type may be a tuple holding spaces, so split after its closing parenthesis/brackets.
        var space = AbiType.TopLevelSpace(text);
        var typeEnd = space < 0 ? text.Length : space;
        var type = AbiType.Parse(text[..typeEnd]);
        var words = text[typeEnd..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var indexed = words.Remove("indexed");
        words.Remove("memory");
        words.Remove("calldata");
        return new AbiParameter(words.Count > 0 ? words[^1] : string.Empty, type, indexed);
    }
}
