using System.Collections.Generic;
using GradGen.Generator.Analysis;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// What second order needs from the front end: whether the method is marked <c>[Differentiable(Hessian = true)]</c>,
    /// and what stands in the way of its Hessian. The Hessian is forward mode pushed through the generated gradient
    /// (forward-over-reverse); a construct that path does not handle yet is an error at the construct (GG0027), and a
    /// vector-valued method is GG0026 at <c>Hessian = true</c>. With either, the method gets no generated members.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        private AttributeData? HessianAttribute =>
            IsImplicitCallee ? null : SymbolFacts.Hessian(_method) ?? (_method.PartialDefinitionPart is { } definition ? SymbolFacts.Hessian(definition) : null);

        /// <summary>The method is marked <c>[Differentiable(Hessian = true)]</c> (on either part of a partial method).</summary>
        private bool IsMarkedHessian => HessianAttribute is not null;

        /// <summary>The <c>Hessian = true</c> argument of the attribute (or the attribute, or the method's name).</summary>
        private Location HessianLocation(string argument = "Hessian")
        {
            if (HessianAttribute?.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax attribute)
            {
                if (attribute.ArgumentList is { } list)
                {
                    foreach (AttributeArgumentSyntax a in list.Arguments)
                    {
                        if (a.NameEquals?.Name.Identifier.ValueText == argument) return a.GetLocation();
                    }
                }

                return attribute.GetLocation();
            }

            return _syntax.Identifier.GetLocation();
        }

        /// <summary>GG0026 for a vector-valued method marked <c>Hessian = true</c>.</summary>
        private void CheckHessianResult()
        {
            if (!IsMarkedHessian || _vector is null) return;
            Report(DiagnosticDescriptors.HessianOfVectorResult, HessianLocation(), _method.Name);
        }

        /// <summary>GG0027 at each construct of a <c>Hessian = true</c> method that forward-over-reverse does not handle:
        /// differentiation with respect to <c>this</c>, model-type and jagged or two-dimensional parameters, and calls with
        /// varying arguments to differentiable methods, the method itself included (their pullbacks would need pushforwards of
        /// their own).</summary>
        private void CheckHessianConstructs(EquatableArray<ParameterModel> parameters, HashSet<int> varied)
        {
            if (!IsMarkedHessian || _vector is not null) return;
            if (_method.IsGenericMethod)
            {
                Report(DiagnosticDescriptors.HessianNotSupported, HessianLocation(), _method.Name,
                    "second derivatives of generic methods are not supported yet; write the method for double or float");
            }

            if (_thisModel is not null)
            {
                Report(DiagnosticDescriptors.HessianNotSupported, HessianLocation("WithRespectToThis"), _method.Name,
                    "second derivatives with respect to this instance are not supported yet; pass the model as a parameter of an array type, or remove WithRespectToThis = true");
            }

            for (int i = 0; i < parameters.Count && i < _method.Parameters.Length; i++)
            {
                ParameterModel p = parameters[i];
                if (!p.IsDifferentiable) continue;
                string? why = p.Model is not null
                    ? "second derivatives with respect to a model-type parameter ('" + p.Name + "') are not supported yet; pass its data as double or float arrays, or mark it [NoDerivative]"
                    : p.Type.IsGrid
                        ? "second derivatives with respect to a jagged or two-dimensional array ('" + p.Name + "') are not supported yet; pass it flattened as a one-dimensional array, or mark it [NoDerivative]"
                        : null;
                if (why is null) continue;
                Location location = _method.Parameters[i].DeclaringSyntaxReferences.Length > 0
                    ? _method.Parameters[i].DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken).GetLocation()
                    : _syntax.Identifier.GetLocation();
                Report(DiagnosticDescriptors.HessianNotSupported, location, _method.Name, why);
            }

            // Every call whose derivative goes through the callee's pullback (the method itself when it recurses, too).
            var reported = new HashSet<Location>();
            foreach ((DiffCall call, Location location) in _callLocations)
            {
                if (!Activity.IsVaried(call, varied, throughUnknownCalls: true) || !reported.Add(location)) continue;
                Report(DiagnosticDescriptors.HessianNotSupported, location, _method.Name,
                    "the call to '" + call.Method + "' depends on the differentiable parameters, and second derivatives through calls to other differentiable methods are not supported yet; write its code in this method (a local function, or inline), or remove Hessian = true");
            }
        }
    }
}
