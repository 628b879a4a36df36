using GradGen.Generator.Model;

namespace GradGen.Generator.Rules
{
    /// <summary>
    /// How a call to a differentiable callee is differentiated in each mode: which method the derivative calls in
    /// the callee's place. Every mode asks here, and only here, so this is where custom derivatives (CONTRACT "Custom
    /// derivatives": a user's pullback of a method, found by the front end by symbol and signature) attach, looked up
    /// before the callee's generated members: a call with a custom derivative calls the user's static method, any other
    /// the callee's generated member.
    /// </summary>
    internal static class CalleeProtocol
    {
        /// <summary>
        /// The method reverse mode calls for <paramref name="call"/>, with the call's arguments, then the seed, then one
        /// adjoint per differentiable parameter of the callee in declaration order (the slots of
        /// <see cref="GeneratedMembers.Parameters"/>): the callee's <c>FPullback</c>, on the callee's receiver or type.
        /// </summary>
        public static DerivativeMember PullbackOf(DiffCall call) =>
            call.CustomPullback ?? new(null, GeneratedMembers.NameOf(call.Memberwise ? GeneratedMembers.MemberwiseName(call.Method) : call.Method, GeneratedMemberKind.Pullback));

        /// <summary>
        /// The method forward mode calls for <paramref name="call"/>, with the call's arguments, then one tangent per
        /// differentiable parameter of the callee in declaration order (the slots of <see cref="GeneratedMembers.Parameters"/>),
        /// returning <c>(Value, Tangent)</c>: the callee's <c>FPushforward</c>, on the callee's receiver or type (generated for
        /// it when it is marked <c>Forward = true</c>, or because a forward-mode method of its compilation calls it).
        /// </summary>
        public static DerivativeMember PushforwardOf(DiffCall call) =>
            call.CustomPushforward ?? new(null, GeneratedMembers.NameOf(call.Memberwise ? GeneratedMembers.MemberwiseName(call.Method) : call.Method, GeneratedMemberKind.Pushforward));
    }
}
