{*<!-- XTiger's Settings pages: tabs for the four pages, then the active page's shell. -->*}
{strip}
	<div class="col-sm-12 col-xs-12 xtiger-settings" id="xtigerSettings">
		<ul class="nav nav-tabs" role="tablist">
			{foreach key=PAGE_KEY item=PAGE from=$PAGES}
				<li role="presentation" {if $PAGE_KEY eq $ACTIVE_PAGE}class="active"{/if}>
					<a href="index.php?module=XTiger&amp;parent=Settings&amp;view=Settings&amp;page={$PAGE_KEY}">{vtranslate($PAGE[0], $QUALIFIED_MODULE)}</a>
				</li>
			{/foreach}
		</ul>
		<div class="tab-content" style="padding-top: 15px;">
			{include file=vtemplate_path($PAGE_TEMPLATE, $QUALIFIED_MODULE)}
		</div>
	</div>
{/strip}
