{*<!-- Shell of the "LBL_SYNC_SETTINGS" page: the widget bundle mounts its screen into [data-xtiger-screen=syncSettings]. -->*}
{strip}
	<div class="xtiger-screen" data-xtiger-screen="syncSettings">
		<h4>{vtranslate('LBL_SYNC_SETTINGS', $QUALIFIED_MODULE)}</h4>
		<p class="text-muted">{vtranslate('LBL_SYNC_SETTINGS_DESCRIPTION', $QUALIFIED_MODULE)}</p>
		<div class="xtiger-screen-body" data-empty-text="{vtranslate('LBL_SCREEN_NEEDS_BACKEND', $QUALIFIED_MODULE)}">
			{vtranslate('LBL_SCREEN_LOADING', $QUALIFIED_MODULE)}
		</div>
	</div>
{/strip}
