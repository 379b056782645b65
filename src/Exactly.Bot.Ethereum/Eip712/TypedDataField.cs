namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>One member of an EIP-712 struct type: <c>{"name": "owner", "type": "address"}</c>.</summary>
/// <param name="Name">The member name.</param>
/// <param name="Type">
/// An atomic type (<c>uint256</c>, <c>address</c>, <c>bytes32</c>, <c>bool</c>…), <c>string</c>, <c>bytes</c>, another struct
/// name, or an array of any of these (<c>Person[]</c>, <c>uint8[3]</c>).
/// </param>
public sealed record TypedDataField(string Name, string Type);
