namespace GradGen.Generator
{
    /// <summary>Names of the incremental pipeline's steps, for caching tests.</summary>
    internal static class TrackingNames
    {
        /// <summary>Each [Differentiable] method lowered to its model (null when it has errors).</summary>
        public const string Lowered = nameof(Lowered);

        /// <summary>The models that generate source.</summary>
        public const string Models = nameof(Models);

        /// <summary>Each model differentiated and written (or the reason it failed, reported as GG9999).</summary>
        public const string Generated = nameof(Generated);

        /// <summary>The models of the user's methods that [Differentiable] methods call without the attribute, one each.</summary>
        public const string ImplicitCallees = nameof(ImplicitCallees);

        /// <summary>Each of those differentiated and written (its pullback only).</summary>
        public const string GeneratedImplicit = nameof(GeneratedImplicit);

        /// <summary>The models of the methods that [Differentiable(Forward = true)] methods reach and that generate no
        /// pushforward of their own, one each.</summary>
        public const string ForwardCallees = nameof(ForwardCallees);

        /// <summary>Each of those differentiated in forward mode and written (its pushforward only).</summary>
        public const string GeneratedForward = nameof(GeneratedForward);

        /// <summary>The models of the methods whose pullbacks the gradients of [Differentiable(Hessian = true)] methods reach, one each.</summary>
        public const string SecondOrderCallees = nameof(SecondOrderCallees);

        /// <summary>Each of those written as its pullback pushed forward.</summary>
        public const string GeneratedSecondOrder = nameof(GeneratedSecondOrder);
    }
}
