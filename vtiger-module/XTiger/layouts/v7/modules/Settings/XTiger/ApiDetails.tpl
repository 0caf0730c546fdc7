{*<!-- Shell of the "LBL_API_DETAILS" page: the widget bundle mounts its screen into [data-xtiger-screen=apiDetails]. -->*}
{strip}
	<div class="xtiger-screen" data-xtiger-screen="apiDetails">
		<h4>{vtranslate('LBL_API_DETAILS', $QUALIFIED_MODULE)}</h4>
		<p class="text-muted">{vtranslate('LBL_API_DETAILS_DESCRIPTION', $QUALIFIED_MODULE)}</p>
		<div class="xtiger-screen-body" data-empty-text="{vtranslate('LBL_SCREEN_NEEDS_BACKEND', $QUALIFIED_MODULE)}">
			{vtranslate('LBL_SCREEN_LOADING', $QUALIFIED_MODULE)}
		</div>
	</div>
{/strip}
